package io.urlfetcher.flow;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.flow.list.UrlLineExpressions;
import io.urlfetcher.flow.list.UrlListParser;
import io.urlfetcher.flow.result.BatchReportBuilder;
import io.urlfetcher.flow.result.FetchResultAggregationStrategy;
import io.urlfetcher.flow.result.FetchResultRecorder;
import io.urlfetcher.flow.result.InMemoryResults;
import io.urlfetcher.flow.result.SpooledResults;
import io.urlfetcher.flow.state.RunStateSteps;
import io.urlfetcher.http.HostCircuitBreakers;
import io.urlfetcher.report.ReportFormat;
import io.urlfetcher.report.ReportSettings;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Binds the beans of the fetch flow's own steps (the Kamelet's split, limits, recording and aggregation); the HTTP
 * client's are {@code HttpBeans}', the report's {@code ReportBeans}'. Called by {@code FetchConfiguration.bind}.
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
        boolean virtual = run.virtualThreadsInUse();
        ScheduledExecutorService deadlines = managed(context, FetchExecutors.deadlineTimer());
        Registry registry = context.getRegistry();
        FetchProgress progress = new FetchProgress();
        registry.bind(BeanNames.PROGRESS, progress);
        // The split's executors, one per distinct concurrency the Kamelet is called with (its local bean fetchPool).
        FetchPools pools = new FetchPools(run.maxConcurrency(), virtual);
        addService(context, pools);
        registry.bind(BeanNames.POOLS, pools);
        registry.bind(BeanNames.URL_LIST_PARSER, new UrlListParser(run.dedupe()));
        registry.bind(BeanNames.SKIP_RECORDED_LINES, (Processor) RunStateSteps::skipRecordedLines);
        registry.bind(BeanNames.RECORD_IN_RUN_STATE, (Processor) RunStateSteps::recordResult);
        registry.bind(BeanNames.BATCH_REPORT_BUILDER, new BatchReportBuilder(virtual ? "virtual" : "platform", progress,
                insecure));
        FetchResultRecorder recorder = new FetchResultRecorder(run.responses());
        registry.bind(BeanNames.RECORD_RESPONSE, (Processor) recorder::recordResponse);
        // The run's stop switch (SIGTERM, Ctrl-C): the gates around the politeness limits, and a failure in them is not_started.
        RunStop runStop = new RunStop(run.grace(), deadlines);
        registry.bind(BeanNames.RUN_STOP, runStop);
        registry.bind(BeanNames.ENTER_LIMITS, (Processor) runStop::enterLimits);
        registry.bind(BeanNames.LEAVE_LIMITS, (Processor) runStop::leaveLimits);
        registry.bind(BeanNames.NOT_STOPPING, (Processor) runStop::notStopping);
        registry.bind(BeanNames.RECORD_FAILURE, (Processor) exchange -> {
            runStop.afterFailure(exchange);
            recorder.recordFailure(exchange);
        });
        registry.bind(BeanNames.RECORD_REJECTED, (Processor) recorder::recordRejected);
        registry.bind(BeanNames.BODY_WRITE_FAILURES, recorder.bodyWriteFailures());
        registry.bind(BeanNames.IS_FETCHABLE_URL, UrlLineExpressions.isFetchable());
        registry.bind(BeanNames.URL_HOST_KEY, UrlLineExpressions.hostKey());
        PolitenessLimits limits = new PolitenessLimits(run.perHost(), run.rate());
        registry.bind(BeanNames.PER_HOST_LIMIT, limits.perHost());
        registry.bind(BeanNames.PER_HOST_LIMITED, limits.perHostLimited());
        registry.bind(BeanNames.RATE_LIMIT, limits.rate());
        registry.bind(BeanNames.RATE_LIMITED, limits.rateLimited());
        registry.bind(BeanNames.POLITENESS_LIMITED, limits.politenessLimited());
        // The Kamelet's results parameter picks one: in memory, spooled to a file, or as fetch.format says.
        FetchResultAggregationStrategy inMemory = new FetchResultAggregationStrategy(InMemoryResults::new, progress);
        FetchResultAggregationStrategy spooled = new FetchResultAggregationStrategy(
                () -> new SpooledResults(SpooledResults.folderFor(report.sinkUri())), progress);
        registry.bind(BeanNames.RESULTS_IN_MEMORY, inMemory);
        registry.bind(BeanNames.RESULTS_SPOOLED, spooled);
        registry.bind(BeanNames.RESULTS_AS_FORMAT, report.format() == ReportFormat.JSONL ? spooled : inMemory);
        return new FlowBeans(progress, runStop, deadlines);
    }

    /** The flow's steps around the per-host circuit breakers the HTTP client's beans made. */
    public void bindHostBreakerSteps(CamelContext context, HostCircuitBreakers breakers) {
        HostBreakerSteps breakerSteps = new HostBreakerSteps(breakers);
        context.getRegistry().bind(BeanNames.HOST_BREAKER_CHECK, (Processor) breakerSteps::check);
        context.getRegistry().bind(BeanNames.HOST_BREAKER_RECORD, (Processor) breakerSteps::record);
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
