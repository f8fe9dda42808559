package io.urlfetcher.flow;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.core.StandardOutput;
import io.urlfetcher.flow.list.UrlListParser;
import io.urlfetcher.flow.response.BodyStore;
import io.urlfetcher.flow.result.BatchReportBuilder;
import io.urlfetcher.flow.result.FetchResultAggregationStrategy;
import io.urlfetcher.flow.result.FetchResultRecorder;
import io.urlfetcher.flow.result.InMemoryResults;
import io.urlfetcher.flow.result.SpooledResults;
import io.urlfetcher.flow.result.StreamedResults;
import io.urlfetcher.http.HostCircuitBreakers;
import io.urlfetcher.http.Sha256Digests;
import io.urlfetcher.report.ReportFormat;
import io.urlfetcher.report.ReportSettings;

import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The fetch flow's beans. {@link #bind} binds what every call of the Kamelet shares (the progress, the pools, the
 * run's stop switch, the body store) and what the batch runs look up; the static methods make the Kamelet's own steps,
 * its template beans (through {@code KameletBeans}). Called by {@code FetchConfiguration.bind}.
 *
 * @param progress  the batch running now, as the progress line and the metrics read it
 * @param runStop   the run's stop switch
 * @param deadlines the timer of the per-URL deadlines and of the stop's grace, stopped with the context
 */
public record FlowBeans(FetchProgress progress, RunStop runStop, ScheduledExecutorService deadlines) {

    /**
     * @param insecure whether TLS is unchecked (fetch.insecure), which every report says
     */
    public static FlowBeans bind(CamelContext context, RunSettings run, ReportSettings report, boolean insecure) {
        ScheduledExecutorService deadlines = managed(context, FetchExecutors.deadlineTimer());
        Registry registry = context.getRegistry();
        FetchProgress progress = new FetchProgress();
        registry.bind(BeanNames.PROGRESS, progress);
        // The split's executors, one per distinct concurrency the Kamelet is called with (its local bean fetchPool).
        FetchPools pools = new FetchPools(run.maxConcurrency(), run.virtualThreadsInUse());
        addService(context, pools);
        registry.bind(BeanNames.POOLS, pools);
        // The run's stop switch (SIGTERM, Ctrl-C): the gates around the politeness limits, and a failure in them is not_started.
        RunStop runStop = new RunStop(run.grace(), deadlines);
        registry.bind(BeanNames.RUN_STOP, runStop);
        // One folder of saved bodies (fetch.save-bodies), created and cleared once, its failures counted for every call.
        registry.bind(BeanNames.BODY_STORE, BodyStore.of(run.responses().saveBodies()));
        if (run.responses().hash()) {
            Sha256Digests.prepare(); // NSS loads while Camel starts: the Kamelet's recorders are made later, with its routes
        }
        // Not the Kamelet's: the batch runs (a resumed run's collector, the distributed run's report) and the
        // distributed routes (fetch-distributed.yaml) look these up.
        registry.bind(BeanNames.RESULTS_AS_FORMAT, results("auto", report, progress));
        registry.bind(BeanNames.BATCH_REPORT_BUILDER, batchReportBuilder(run, progress, insecure));
        registry.bind(BeanNames.URL_LIST_PARSER, new UrlListParser(run.dedupe()));
        return new FlowBeans(progress, runStop, deadlines);
    }

    /** The Kamelet's {@code results} parameter: in memory, spooled to a file, or (auto) as fetch.format says. */
    public static FetchResultAggregationStrategy results(String results, ReportSettings report, FetchProgress progress) {
        boolean spool = switch (results) {
            case "memory" -> false;
            case "spool" -> true;
            case "auto" -> report.format() == ReportFormat.JSONL;
            default -> throw new IllegalArgumentException("results must be memory, spool or auto, not " + results);
        };
        if (spool && StandardOutput.isSink(report.sinkUri())) { // --sink -: each result goes out as it completes
            return new FetchResultAggregationStrategy(StreamedResults::new, progress);
        }
        return spool ? new FetchResultAggregationStrategy(
                () -> new SpooledResults(SpooledResults.folderFor(report.sinkUri())), progress)
                : new FetchResultAggregationStrategy(InMemoryResults::new, progress);
    }

    public static BatchReportBuilder batchReportBuilder(RunSettings run, FetchProgress progress, boolean insecure) {
        return new BatchReportBuilder(run.virtualThreadsInUse() ? "virtual" : "platform", progress, insecure);
    }

    public static Processor recordResponse(RunSettings run, BodyStore store) {
        return new FetchResultRecorder(run.responses(), store)::recordResponse;
    }

    /** A failure in the limits' stop gates is not_started; any other is classified. */
    public static Processor recordFailure(RunSettings run, BodyStore store, RunStop runStop) {
        FetchResultRecorder recorder = new FetchResultRecorder(run.responses(), store);
        return exchange -> {
            runStop.afterFailure(exchange);
            recorder.recordFailure(exchange);
        };
    }

    public static Processor recordRejected(RunSettings run, BodyStore store) {
        return new FetchResultRecorder(run.responses(), store)::recordRejected;
    }

    public static Processor hostBreakerCheck(HostCircuitBreakers breakers) {
        return new HostBreakerSteps(breakers)::check;
    }

    public static Processor hostBreakerRecord(HostCircuitBreakers breakers) {
        return new HostBreakerSteps(breakers)::record;
    }

    public static Expression perHostLimit(RunSettings run) {
        return limits(run).perHost();
    }

    public static Predicate perHostLimited(RunSettings run) {
        return limits(run).perHostLimited();
    }

    public static Expression rateLimit(RunSettings run) {
        return limits(run).rate();
    }

    public static Predicate rateLimited(RunSettings run) {
        return limits(run).rateLimited();
    }

    public static Predicate politenessLimited(RunSettings run) {
        return limits(run).politenessLimited();
    }

    private static PolitenessLimits limits(RunSettings run) {
        return new PolitenessLimits(run.perHost(), run.rate());
    }

    private static void addService(CamelContext context, Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register " + service.getClass().getSimpleName() + " with Camel", e);
        }
    }

    /** Our executors are not Camel's: stop them with the context. */
    private static <E extends ExecutorService> E managed(CamelContext context, E executor) {
        addService(context, new ServiceSupport() {
            @Override
            protected void doStop() {
                executor.shutdownNow();
            }
        });
        return executor;
    }
}
