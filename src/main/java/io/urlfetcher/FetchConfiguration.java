package io.urlfetcher;

import io.urlfetcher.cli.WatchConfiguration;
import io.urlfetcher.distributed.BrokerConfiguration;
import io.urlfetcher.distributed.DistributedConfiguration;
import io.urlfetcher.flow.BatchReportBuilder;
import io.urlfetcher.flow.BeanNames;
import io.urlfetcher.flow.FetchExecutors;
import io.urlfetcher.flow.FetchPools;
import io.urlfetcher.flow.FetchProgress;
import io.urlfetcher.flow.FetchResultAggregationStrategy;
import io.urlfetcher.flow.FetchResultRecorder;
import io.urlfetcher.flow.HostBreakerSteps;
import io.urlfetcher.flow.InMemoryResults;
import io.urlfetcher.flow.PolitenessLimits;
import io.urlfetcher.flow.RunState;
import io.urlfetcher.flow.RunStop;
import io.urlfetcher.flow.SpooledResults;
import io.urlfetcher.flow.UrlLineExpressions;
import io.urlfetcher.flow.UrlListParser;
import io.urlfetcher.http.FetchActivityListener;
import io.urlfetcher.http.FetchHttpClientConfigurer;
import io.urlfetcher.http.HostCircuitBreakers;
import io.urlfetcher.http.HttpRequestPreparer;
import io.urlfetcher.http.ProxyRules;
import io.urlfetcher.http.UserAgents;
import io.urlfetcher.report.JsonLinesFormatter;
import io.urlfetcher.report.ReportFormat;
import io.urlfetcher.report.ReportOutputs;
import io.urlfetcher.report.ReportSinkExpressions;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.support.builder.PredicateBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Binds the beans of the fetch flow (the Kamelet {@code url-fetch-action}) and of the job's report sink, built from the
 * {@code fetch.*} properties. An embedding host calls {@link #bind(CamelContext)} the same way camel-main does; the
 * watch and distributed routes have their own configurations ({@link #configurationsFor}).
 */
public class FetchConfiguration implements CamelConfiguration {

    /** Routes of workers and submitters: their JMS endpoints need a broker, so only those load them. */
    public static final String DISTRIBUTED_ROUTES = "classpath:routes/fetch-distributed.yaml";
    /** The route of --watch: loaded only in that mode (its file consumer needs the folder). */
    public static final String WATCH_ROUTES = "classpath:routes/fetch-watch.yaml";
    public static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";

    /** The aggregation strategy that keeps results as {@code fetch.format} suits: spooled for jsonl, else in memory. */
    public static final String RESULTS_AS_FORMAT = BeanNames.RESULTS_AS_FORMAT;

    /** Registry name of the {@link BodyWriteFailures} of the fetch.save-bodies folder. */
    public static final String BODY_WRITE_FAILURES = BeanNames.BODY_WRITE_FAILURES;

    /** Registry name of the {@link FetchProgress} of the batch running now. */
    public static final String PROGRESS = BeanNames.PROGRESS;

    /**
     * Registry name of an optional {@code Function<String, String>} to read environment variables through (the proxy
     * variables) instead of {@link System#getenv(String)}.
     */
    public static final String ENVIRONMENT = BeanNames.ENVIRONMENT;

    /** Registry name of the {@link HostCircuitBreakers} of this context (fetch.host-failures, fetch.host-cooldown). */
    public static final String HOST_BREAKERS = BeanNames.HOST_BREAKERS;

    /** Registry name of an optional {@link DnsResolver} to use instead of the system's. */
    public static final String DNS_RESOLVER = BeanNames.DNS_RESOLVER;

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    /**
     * Binds the beans of the fetch flow (the Kamelet) and of the job's report sink, and nothing else: the watch
     * route's and the distributed routes' beans, and the broker, are bound by {@link WatchConfiguration} and
     * {@link DistributedConfiguration} when those routes are loaded ({@link #configurationsFor}).
     *
     * @return the settings read from the context's {@code fetch.*} properties
     */
    public static FetchSettings bind(CamelContext context) {
        FetchSettings settings = FetchSettings.from(key -> context.getPropertiesComponent().resolveProperty(key));

        publishDefault(context, "fetch.concurrency", settings.run().concurrency());
        boolean virtual = settings.run().virtualThreads() && FetchExecutors.virtualThreadsAvailable();

        ScheduledExecutorService deadlines = managed(context, FetchExecutors.deadlineTimer());

        Registry registry = context.getRegistry();
        FetchProgress progress = new FetchProgress();
        registry.bind(BeanNames.PROGRESS, progress);
        // The split's executors, one per distinct concurrency the Kamelet is called with (its local bean fetchPool).
        FetchPools pools = new FetchPools(settings.run().maxConcurrency(), virtual);
        addService(context, pools);
        registry.bind(BeanNames.POOLS, pools);
        registry.bind(BeanNames.SETTINGS, settings);
        registry.bind(BeanNames.URL_LIST_PARSER, new UrlListParser(settings.run().dedupe()));
        registry.bind(BeanNames.SKIP_RECORDED_LINES, (Processor) RunState::skipRecordedLines);
        registry.bind(BeanNames.RECORD_IN_RUN_STATE, (Processor) RunState::recordResult);
        registry.bind(BeanNames.BATCH_REPORT_BUILDER, new BatchReportBuilder(virtual ? "virtual" : "platform", progress,
                settings.http().tls().insecure()));
        registry.bind(BeanNames.HTTP_REQUEST_PREPARER,
                new HttpRequestPreparer(new UserAgents(settings.http().userAgent()), settings.http().headers(), progress));
        FetchResultRecorder recorder = new FetchResultRecorder(settings.run().responses());
        registry.bind(BeanNames.RECORD_RESPONSE, (Processor) recorder::recordResponse);
        // The run's stop switch (SIGTERM, Ctrl-C): the gates around the politeness limits, and a failure in them is not_started.
        RunStop runStop = new RunStop(settings.run().grace(), deadlines);
        registry.bind(BeanNames.RUN_STOP, runStop);
        registry.bind(BeanNames.ENTER_LIMITS, (Processor) runStop::enterLimits);
        registry.bind(BeanNames.LEAVE_LIMITS, (Processor) runStop::leaveLimits);
        registry.bind(BeanNames.RECORD_FAILURE, (Processor) exchange -> {
            runStop.afterFailure(exchange);
            recorder.recordFailure(exchange);
        });
        registry.bind(BeanNames.RECORD_REJECTED, (Processor) recorder::recordRejected);
        registry.bind(BeanNames.BODY_WRITE_FAILURES, recorder.bodyWriteFailures());
        registry.bind(BeanNames.IS_FETCHABLE_URL, UrlLineExpressions.isFetchable());
        registry.bind(BeanNames.URL_HOST_KEY, UrlLineExpressions.hostKey());
        PolitenessLimits limits = new PolitenessLimits(settings.run().perHost(), settings.run().rate());
        registry.bind(BeanNames.PER_HOST_LIMIT, limits.perHost());
        registry.bind(BeanNames.RATE_LIMIT, limits.rate());
        registry.bind(BeanNames.RATE_LIMITED, limits.rateLimited());
        // A probe still unreported after twice the deadline was lost (its run stopped under it): probe again.
        HostCircuitBreakers breakers = new HostCircuitBreakers(settings.http().hostFailures(), settings.http().hostCooldown(),
                settings.http().timeout().multipliedBy(2));
        HostBreakerSteps breakerSteps = new HostBreakerSteps(breakers);
        registry.bind(BeanNames.HOST_BREAKERS, breakers);
        registry.bind(BeanNames.HOST_BREAKER_CHECK, (Processor) breakerSteps::check);
        registry.bind(BeanNames.HOST_BREAKER_RECORD, (Processor) breakerSteps::record);
        // The Kamelet's results parameter picks one: in memory, spooled to a file, or as fetch.format says.
        FetchResultAggregationStrategy inMemory = new FetchResultAggregationStrategy(InMemoryResults::new, progress);
        FetchResultAggregationStrategy spooled = new FetchResultAggregationStrategy(
                () -> new SpooledResults(SpooledResults.folderFor(settings.report().sinkUri())), progress);
        registry.bind(BeanNames.RESULTS_IN_MEMORY, inMemory);
        registry.bind(BeanNames.RESULTS_SPOOLED, spooled);
        registry.bind(BeanNames.RESULTS_AS_FORMAT, settings.report().format() == ReportFormat.JSONL ? spooled : inMemory);
        registry.bind(BeanNames.OUTPUT_PREFIX + "report", (Processor) exchange -> { });
        ReportOutputs outputs = new ReportOutputs();
        registry.bind(BeanNames.OUTPUT_PREFIX + "json", (Processor) outputs::toJson);
        registry.bind(BeanNames.OUTPUT_PREFIX + "jsonl", (Processor) outputs::toJsonLines);
        registry.bind(BeanNames.ACTIVITY_LISTENER, new FetchActivityListener());
        registry.bind(BeanNames.HTTP_CLIENT_CONFIGURER, new FetchHttpClientConfigurer(settings.http(), settings.run().maxConcurrency(), deadlines,
                () -> dnsResolver(context), proxyRules(context, settings), breakers, runStop));
        registry.bind(BeanNames.JSON_LINES_FORMATTER, new JsonLinesFormatter());
        registry.bind(BeanNames.JSON_LINES_REPORT, ReportSinkExpressions.jsonLines());
        registry.bind(BeanNames.MESSAGE_SINK, PredicateBuilder.constant(ReportSinkExpressions.isMessageSink(settings.report().sinkUri())));
        return settings;
    }

    /**
     * The configuration classes of a host whose routes are these ({@code camel.main.routes-include-pattern}): the
     * flow's and the broker's (which does nothing unless fetch.broker-url is set) always, the watch route's and the
     * distributed routes' only when their files are loaded.
     */
    public static List<Class<? extends CamelConfiguration>> configurationsFor(String routesPattern) {
        String routes = routesPattern == null ? "" : routesPattern;
        List<Class<? extends CamelConfiguration>> classes = new ArrayList<>(
                List.of(FetchConfiguration.class, BrokerConfiguration.class));
        if (routes.contains(WATCH_ROUTES)) {
            classes.add(WatchConfiguration.class);
        }
        if (routes.contains(DISTRIBUTED_ROUTES)) {
            classes.add(DistributedConfiguration.class);
        }
        return classes;
    }

    /** The settings the flow's configuration bound, or (a host that binds only a part) read from the properties. */
    public static FetchSettings settings(CamelContext context) {
        FetchSettings bound = context.getRegistry().lookupByNameAndType(BeanNames.SETTINGS, FetchSettings.class);
        return bound != null ? bound : FetchSettings.from(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /** fetch.proxy and fetch.no-proxy, else the proxy environment variables as curl reads them. */
    @SuppressWarnings("unchecked")
    private static ProxyRules proxyRules(CamelContext context, FetchSettings settings) {
        Object bound = context.getRegistry().lookupByName(ENVIRONMENT);
        java.util.function.Function<String, String> environment = bound instanceof java.util.function.Function<?, ?> f
                ? (java.util.function.Function<String, String>) f : System::getenv;
        try {
            return ProxyRules.from(settings.http().proxy(), settings.http().noProxy(), environment);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid proxy: " + e.getMessage(), e);
        }
    }

    /** A host may bind its own resolver as {@code fetchDnsResolver} (tests resolve {@code .invalid} names in memory). */
    private static DnsResolver dnsResolver(CamelContext context) {
        DnsResolver custom = context.getRegistry().lookupByNameAndType(DNS_RESOLVER, DnsResolver.class);
        return custom != null ? custom : SystemDefaultDnsResolver.INSTANCE;
    }

    /**
     * Routes and the Kamelet read some settings as placeholders ({@code {{fetch.concurrency}}}): a host without
     * application.properties gets the value in force, FetchSettings' default, as the lowest-priority property.
     */
    public static void publishDefault(CamelContext context, String key, Object value) {
        if (context.getPropertiesComponent().resolveProperty(key).isEmpty()) {
            context.getPropertiesComponent().addInitialProperty(key, String.valueOf(value));
        }
    }

    static void addService(CamelContext context, Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register " + service.getClass().getSimpleName() + " with Camel", e);
        }
    }

    /** Our executors are not Camel's: stop them with the context. */
    private static <E extends ExecutorService> E managed(CamelContext context, E executor) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    executor.shutdownNow();
                }
            }, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the fetch executor with Camel", e);
        }
        return executor;
    }
}
