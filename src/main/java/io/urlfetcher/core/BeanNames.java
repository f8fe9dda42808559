package io.urlfetcher.core;

/**
 * Registry names of the beans the routes and the Kamelet refer to ({@code ref:}, {@code #name}), grouped by the
 * configuration that binds them. The YAML writes the same names; {@code BeanNamesTest} checks that each one it uses
 * is bound by the configuration of its route file.
 */
public final class BeanNames {

    private BeanNames() {
    }

    // What every call of the fetch flow (the Kamelet) shares, bound by FetchConfiguration: the Kamelet's beans refer to
    // these with #bean: and declare the rest themselves; SharedBeans checks them when a call's route is created.

    public static final String SETTINGS = "fetchSettings";
    public static final String POOLS = "fetchPools";
    public static final String PROGRESS = "fetchProgress";
    public static final String RUN_STOP = RunStop.BEAN;
    public static final String HOST_BREAKERS = "fetchHostBreakers";
    public static final String BODY_STORE = "fetchBodyStore";
    public static final String HTTP_CLIENT_CONFIGURER = "fetchHttpClientConfigurer";

    // Not the Kamelet's: what the batch runs and the distributed routes look up, and the batch's report sink's steps
    // (routes/fetch-batch.yaml), also bound by FetchConfiguration.

    /** A run's results in memory or spooled, as fetch.format says (a resumed run's collector, the distributed results). */
    public static final String RESULTS_AS_FORMAT = "fetchResults-auto";
    public static final String BATCH_REPORT_BUILDER = "batchReportBuilder";
    public static final String URL_LIST_PARSER = "urlListParser";
    public static final String JSON_LINES_FORMATTER = "jsonLinesFormatter";
    public static final String JSON_LINES_REPORT = "jsonLinesReport";
    public static final String MESSAGE_SINK = "messageSink";
    public static final String REPORT_BYTE_COUNT = "reportByteCount";
    /** The report sink of {@code --sink -}: the route's {@code fetch.sink-uri} is then {@code bean:} this. */
    public static final String STANDARD_OUTPUT = "fetchStandardOutput";
    /** Optional, bound by a host: a {@code Function<String, String>} to read the proxy variables through. */
    public static final String ENVIRONMENT = "fetchEnvironment";
    /** Optional, bound by a host: a {@code DnsResolver} to use instead of the system's. */
    public static final String DNS_RESOLVER = "fetchDnsResolver";

    // The watch route (routes/fetch-watch.yaml): WatchConfiguration.

    public static final String CHECK_URL_LIST = "checkUrlList";
    public static final String LOG_WATCHED_REPORT = "logWatchedReport";
    public static final String WATCH_FAILURE = "watchFailure";
    public static final String OPEN_LIST_STATE = "openListState";
    public static final String KEEP_STOPPED_LIST = "keepStoppedList";
    public static final String CLOSE_LIST_STATE = "closeListState";
    public static final String WATCH_PROBLEMS = "watchProblems";
    public static final String WATCH_HEALTH = "watchFolderHealth";

    // The rounds of --every (routes/fetch-rounds.yaml): bound by the command line, which makes it per run.

    public static final String ROUNDS = "fetchRounds";

    // The workers' and submitters' routes (routes/fetch-distributed.yaml): DistributedConfiguration.

    public static final String OPEN_JOB = "openJob";
    public static final String JOB_RESULT = "jobResult";
    public static final String TO_JOB = "toJob";
    public static final String SUBMIT_STEPS = "submitSteps";
    public static final String IS_JOB = "isJob";
    public static final String DEAD_LETTER_RESULT = "deadLetterResult";
    public static final String RENEW_JOB = "renewJob";
    public static final String BATCH_LEFTOVERS = "fetchBatchLeftovers";
    public static final String BROKER_MONITOR = "fetchBrokerMonitor";
    public static final String JMS_SEND_TRANSACTION = "jmsSendTransaction";
}
