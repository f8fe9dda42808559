package io.urlfetcher;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.support.builder.PredicateBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Binds the beans the fetch routes refer to, built from the {@code fetch.*} properties. An embedding
 * host calls {@link #bind(CamelContext)} the same way camel-main does.
 */
public class FetchConfiguration implements CamelConfiguration {

    /** Routes of workers and submitters: their JMS endpoints need a broker, so only those load them. */
    public static final String DISTRIBUTED_ROUTES = "classpath:routes/fetch-distributed.yaml";
    /** The route of --watch: loaded only in that mode (its file consumer needs the folder). */
    public static final String WATCH_ROUTES = "classpath:routes/fetch-watch.yaml";
    static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";

    /** The aggregation strategy that keeps results as {@code fetch.format} suits: spooled for jsonl, else in memory. */
    static final String RESULTS_AS_FORMAT = "fetchResults-auto";

    /** Registry name of the {@link BodyWriteFailures} of the fetch.save-bodies folder. */
    public static final String BODY_WRITE_FAILURES = "bodyWriteFailures";

    /** Registry name of the {@link FetchProgress} of the batch running now. */
    public static final String PROGRESS = "fetchProgress";

    /**
     * Registry name of an optional {@code Function<String, String>} to read environment variables through (the proxy
     * variables) instead of {@link System#getenv(String)}.
     */
    public static final String ENVIRONMENT = "fetchEnvironment";

    /** Registry name of the {@link HostCircuitBreakers} of this context (fetch.host-failures, fetch.host-cooldown). */
    public static final String HOST_BREAKERS = "fetchHostBreakers";

    /** Registry name of an optional {@link DnsResolver} to use instead of the system's. */
    public static final String DNS_RESOLVER = "fetchDnsResolver";

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    public static FetchSettings bind(CamelContext context) {
        FetchSettings settings = FetchSettings.from(key -> context.getPropertiesComponent().resolveProperty(key));

        publishDefault(context, "fetch.concurrency", settings.concurrency());
        boolean virtual = settings.virtualThreads() && FetchExecutors.virtualThreadsAvailable();

        ScheduledExecutorService deadlines = managed(context, FetchExecutors.deadlineTimer());

        Registry registry = context.getRegistry();
        FetchProgress progress = new FetchProgress();
        registry.bind(PROGRESS, progress);
        // The split's executors, one per distinct concurrency the Kamelet is called with (its local bean fetchPool).
        FetchPools pools = new FetchPools(settings.maxConcurrency(), virtual);
        addService(context, pools);
        registry.bind(FetchPools.BEAN, pools);
        registry.bind("fetchSettings", settings);
        registry.bind("urlListParser", new UrlListParser(settings.dedupe()));
        registry.bind("skipRecordedLines", (Processor) RunState::skipRecordedLines);
        registry.bind("recordInRunState", (Processor) RunState::recordResult);
        registry.bind("batchReportBuilder", new BatchReportBuilder(virtual ? "virtual" : "platform", progress,
                settings.tls().insecure()));
        registry.bind("httpRequestPreparer",
                new HttpRequestPreparer(new UserAgents(settings.userAgent()), settings.headers(), progress));
        FetchResultRecorder recorder = new FetchResultRecorder(settings.responses());
        registry.bind("recordResponse", (Processor) recorder::recordResponse);
        // The run's stop switch (SIGTERM, Ctrl-C): the gates around the politeness limits, and a failure in them is not_started.
        RunStop runStop = new RunStop(settings.grace(), deadlines);
        registry.bind(RunStop.BEAN, runStop);
        registry.bind("enterLimits", (Processor) runStop::enterLimits);
        registry.bind("leaveLimits", (Processor) runStop::leaveLimits);
        registry.bind("recordFailure", (Processor) exchange -> {
            runStop.afterFailure(exchange);
            recorder.recordFailure(exchange);
        });
        registry.bind("recordRejected", (Processor) recorder::recordRejected);
        registry.bind(BODY_WRITE_FAILURES, recorder.bodyWriteFailures());
        registry.bind("isFetchableUrl", UrlLineExpressions.isFetchable());
        registry.bind("urlHostKey", UrlLineExpressions.hostKey());
        PolitenessLimits limits = new PolitenessLimits(settings.perHost(), settings.rate());
        registry.bind("perHostLimit", limits.perHost());
        registry.bind("rateLimit", limits.rate());
        registry.bind("rateLimited", limits.rateLimited());
        // A probe still unreported after twice the deadline was lost (its run stopped under it): probe again.
        HostCircuitBreakers breakers = new HostCircuitBreakers(settings.hostFailures(), settings.hostCooldown(),
                settings.timeout().multipliedBy(2));
        HostBreakerSteps breakerSteps = new HostBreakerSteps(breakers);
        registry.bind(HOST_BREAKERS, breakers);
        registry.bind("hostBreakerCheck", (Processor) breakerSteps::check);
        registry.bind("hostBreakerRecord", (Processor) breakerSteps::record);
        // The Kamelet's results parameter picks one: in memory, spooled to a file, or as fetch.format says.
        FetchResultAggregationStrategy inMemory = new FetchResultAggregationStrategy(InMemoryResults::new, progress);
        FetchResultAggregationStrategy spooled = new FetchResultAggregationStrategy(
                () -> new SpooledResults(SpooledResults.folderFor(settings.sinkUri())), progress);
        registry.bind("fetchResults-memory", inMemory);
        registry.bind("fetchResults-spool", spooled);
        registry.bind(RESULTS_AS_FORMAT, settings.format() == FetchSettings.ReportFormat.JSONL ? spooled : inMemory);
        registry.bind("reportOutput-report", (Processor) exchange -> { });
        ReportOutputs outputs = new ReportOutputs();
        registry.bind("reportOutput-json", (Processor) outputs::toJson);
        registry.bind("reportOutput-jsonl", (Processor) outputs::toJsonLines);
        registry.bind("fetchActivityListener", new FetchActivityListener());
        registry.bind("fetchHttpClientConfigurer", new FetchHttpClientConfigurer(settings, deadlines,
                () -> dnsResolver(context), proxyRules(context, settings), breakers, runStop));
        registry.bind("jsonLinesFormatter", new JsonLinesFormatter());
        registry.bind("jsonLinesReport", ReportSinkExpressions.jsonLines());
        registry.bind("messageSink", PredicateBuilder.constant(ReportSinkExpressions.isMessageSink(settings.sinkUri())));
        bindDistributed(context, settings);
        bindWatch(registry, settings);
        return settings;
    }

    /** The steps of the --watch route. */
    private static void bindWatch(Registry registry, FetchSettings settings) {
        WatchSteps watch = new WatchSteps(settings.watch());
        registry.bind("checkUrlList", (Processor) watch::checkUrlList);
        registry.bind("logWatchedReport", (Processor) watch::logWatchedReport);
        registry.bind("watchFailure", (Processor) watch::watchFailure);
    }

    /** The broker (embedded, or a URL) when one is configured, and the steps of workers and submitters. */
    private static void bindDistributed(CamelContext context, FetchSettings settings) {
        BrokerSettings broker = settings.broker();
        if (broker.embedded()) {
            try {
                context.addService(new ArtemisBroker(broker), true, true);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded broker on 127.0.0.1:" + broker.port(), e);
            }
        }
        // Our broker, or the JMS connection factory an embedding host already has.
        ConnectionFactory producers = broker.configured() ? JmsConnection.configure(context, broker, settings.concurrency())
                : context.getRegistry().findSingleByType(ConnectionFactory.class);
        if (producers != null) {
            JmsConnection.bindSendTransaction(context, producers);
        } else if (context.getPropertiesComponent().resolveProperty(ROUTES_PATTERN).orElse("")
                .contains(DISTRIBUTED_ROUTES)) {
            throw new ConfigurationException(BrokerSettings.needed("a worker or a submitter"));
        }
        WorkerSteps worker = new WorkerSteps();
        SubmitSteps submit = new SubmitSteps(broker.maxDeliveries());
        Registry registry = context.getRegistry();
        registry.bind("openJob", (Processor) worker::openJob);
        registry.bind("jobResult", (Processor) worker::jobResult);
        registry.bind("toJob", (Processor) submit::toJob);
        registry.bind("submitSteps", submit);
        registry.bind("isJob", SubmitSteps.isJob());
        registry.bind("deadLetterResult", (Processor) submit::deadLetterResult);
    }

    /** fetch.proxy and fetch.no-proxy, else the proxy environment variables as curl reads them. */
    @SuppressWarnings("unchecked")
    private static ProxyRules proxyRules(CamelContext context, FetchSettings settings) {
        Object bound = context.getRegistry().lookupByName(ENVIRONMENT);
        java.util.function.Function<String, String> environment = bound instanceof java.util.function.Function<?, ?> f
                ? (java.util.function.Function<String, String>) f : System::getenv;
        try {
            return ProxyRules.from(settings.proxy(), settings.noProxy(), environment);
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
    static void publishDefault(CamelContext context, String key, Object value) {
        if (context.getPropertiesComponent().resolveProperty(key).isEmpty()) {
            context.getPropertiesComponent().addInitialProperty(key, String.valueOf(value));
        }
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
