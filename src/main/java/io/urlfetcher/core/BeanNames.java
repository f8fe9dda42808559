package io.urlfetcher.core;

/**
 * Registry names of the beans the routes and the Kamelet refer to ({@code ref:}, {@code #name}), grouped by the
 * configuration that binds them. The YAML writes the same names; {@code BeanNamesTest} checks that each one it uses
 * is bound by the configuration of its route file.
 */
public final class BeanNames {

    private BeanNames() {
    }

    // The fetch flow (the Kamelet) and the batch's report sink: FetchConfiguration.

    public static final String SETTINGS = "fetchSettings";
    public static final String PROGRESS = "fetchProgress";
    public static final String POOLS = "fetchPools";
    public static final String RUN_STOP = RunStop.BEAN;
    public static final String URL_LIST_PARSER = "urlListParser";
    public static final String SKIP_RECORDED_LINES = "skipRecordedLines";
    public static final String RECORD_IN_RUN_STATE = "recordInRunState";
    public static final String BATCH_REPORT_BUILDER = "batchReportBuilder";
    public static final String HTTP_REQUEST_PREPARER = "httpRequestPreparer";
    public static final String RECORD_RESPONSE = "recordResponse";
    public static final String ENTER_LIMITS = "enterLimits";
    public static final String LEAVE_LIMITS = "leaveLimits";
    public static final String NOT_STOPPING = "notStopping";
    public static final String RECORD_FAILURE = "recordFailure";
    public static final String RECORD_REJECTED = "recordRejected";
    public static final String BODY_WRITE_FAILURES = "bodyWriteFailures";
    public static final String IS_FETCHABLE_URL = "isFetchableUrl";
    public static final String URL_HOST_KEY = "urlHostKey";
    public static final String PER_HOST_LIMIT = "perHostLimit";
    public static final String PER_HOST_LIMITED = "perHostLimited";
    public static final String RATE_LIMIT = "rateLimit";
    public static final String RATE_LIMITED = "rateLimited";
    public static final String POLITENESS_LIMITED = "politenessLimited";
    public static final String HOST_BREAKERS = "fetchHostBreakers";
    public static final String HOST_BREAKER_CHECK = "hostBreakerCheck";
    public static final String HOST_BREAKER_RECORD = "hostBreakerRecord";
    /** The Kamelet's {@code results} parameter picks one: {@code fetchResults-memory}, {@code -spool} or {@code -auto}. */
    public static final String RESULTS_PREFIX = "fetchResults-";
    public static final String RESULTS_IN_MEMORY = RESULTS_PREFIX + "memory";
    public static final String RESULTS_SPOOLED = RESULTS_PREFIX + "spool";
    public static final String RESULTS_AS_FORMAT = RESULTS_PREFIX + "auto";
    /** The Kamelet's {@code output} parameter picks one: {@code reportOutput-report}, {@code -json} or {@code -jsonl}. */
    public static final String OUTPUT_PREFIX = "reportOutput-";
    public static final String ACTIVITY_LISTENER = "fetchActivityListener";
    public static final String HEADER_FILTER_STRATEGY = "fetchHeaderFilterStrategy";
    public static final String HTTP_CLIENT_CONFIGURER = "fetchHttpClientConfigurer";
    public static final String JSON_LINES_FORMATTER = "jsonLinesFormatter";
    public static final String JSON_LINES_REPORT = "jsonLinesReport";
    public static final String MESSAGE_SINK = "messageSink";
    public static final String REPORT_BYTE_COUNT = "reportByteCount";
    /** Optional, bound by a host: a {@code Function<String, String>} to read the proxy variables through. */
    public static final String ENVIRONMENT = "fetchEnvironment";
    /** Optional, bound by a host: a {@code DnsResolver} to use instead of the system's. */
    public static final String DNS_RESOLVER = "fetchDnsResolver";

    // The watch route (routes/fetch-watch.yaml): WatchConfiguration.

    public static final String CHECK_URL_LIST = "checkUrlList";
    public static final String LOG_WATCHED_REPORT = "logWatchedReport";
    public static final String WATCH_FAILURE = "watchFailure";

    // The workers' and submitters' routes (routes/fetch-distributed.yaml): DistributedConfiguration.

    public static final String OPEN_JOB = "openJob";
    public static final String JOB_RESULT = "jobResult";
    public static final String TO_JOB = "toJob";
    public static final String SUBMIT_STEPS = "submitSteps";
    public static final String IS_JOB = "isJob";
    public static final String DEAD_LETTER_RESULT = "deadLetterResult";
    public static final String JMS_SEND_TRANSACTION = "jmsSendTransaction";
}
