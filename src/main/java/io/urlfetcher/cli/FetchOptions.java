package io.urlfetcher.cli;

import io.urlfetcher.config.FetchSettings;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line options, in the sections {@code --help} shows them in (picocli {@code @ArgGroup}s), which follow
 * the settings records. Each option stands for the {@code fetch.*} property named in its {@code descriptionKey}: given
 * options override {@code application.properties}. Each option is declared once; a command takes only the sections
 * (or the parts of one) that apply to it, so its {@code --help} lists only options it reads.
 */
final class FetchOptions {

    /** Columns of --help. */
    static final int HELP_WIDTH = 100;

    static final String INPUT = "%nInput:%n";
    static final String CONCURRENCY = "%nConcurrency and politeness:%n";
    static final String HTTP = "%nHTTP requests and limits:%n";
    static final String TLS_AND_PROXY = "%nTLS and proxy:%n";
    static final String RESPONSES = "%nResponses:%n";
    static final String REPORT = "%nReport and output:%n";
    static final String STATE_AND_STOPPING = "%nState and stopping:%n";
    static final String HISTORY = "%nHistory across runs:%n";
    static final String SERVICE_AND_BROKER = "%nService and broker:%n";
    static final String BROKER = "%nBroker:%n";
    static final String ROUNDS = "%nRounds:%n";

    private FetchOptions() {
    }

    /** What a batch reads: the list and how its lines are written (submit's Input section). */
    static class ListInput {

        @Option(names = "--urls", paramLabel = "FILE", descriptionKey = "fetch.urls",
                description = "URL list: one URL per line; blank lines and # comments are skipped. - reads standard input.")
        String urls;

        @Option(names = "--input-format", paramLabel = "auto|lines|jsonl", descriptionKey = "fetch.input-format",
                description = "lines (one URL per line) or jsonl (one JSON request per line); auto: jsonl for a .jsonl file or a first line starting with {. Default: ${DEFAULT-VALUE}.")
        String inputFormat;

        @Option(names = "--dedupe", descriptionKey = "fetch.dedupe",
                description = "Fetch a repeated URL once; later lines report 'duplicate'.")
        boolean dedupe;
    }

    /** Input of a batch run here: the list, and how it is run. */
    static final class Input extends ListInput {

        @Option(names = "--mode", paramLabel = "MODE", descriptionKey = "fetch.mode",
                description = "sequential, parallel, compare (both, and the speed-up) or distributed (as submit). Default: ${DEFAULT-VALUE}.")
        String mode;

        @Option(names = "--demo", descriptionKey = "fetch.demo",
                description = "Offline demo: compare mode over five URLs of a local server (640, 380, 150, 250, 890 ms).")
        boolean demo;
    }

    /** How many requests run at once, and how gently each host is treated. */
    static final class Concurrency {

        @Option(names = "--concurrency", paramLabel = "N", descriptionKey = "fetch.concurrency",
                description = "Requests in flight at once; 1 is sequential. Default: ${DEFAULT-VALUE}.")
        String concurrency;

        @Option(names = "--max-concurrency", paramLabel = "N", descriptionKey = "fetch.max-concurrency",
                description = "Ceiling of any run's concurrency; sizes the shared HTTP connection pool. Default: ${DEFAULT-VALUE}.")
        String maxConcurrency;

        @Option(names = "--virtual-threads", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
                descriptionKey = "fetch.virtual-threads",
                description = "On Java 21+, fetch on virtual threads (--concurrency still bounds the requests in flight). Default: ${DEFAULT-VALUE}.")
        String virtualThreads;

        @Option(names = "--per-host", paramLabel = "N", descriptionKey = "fetch.per-host",
                description = "Requests in flight to one host:port at most; at or above --concurrency it adds no limit. Default: ${DEFAULT-VALUE}.")
        String perHost;

        @Option(names = "--rate", paramLabel = "N", descriptionKey = "fetch.rate",
                description = "Requests started per second at most; 0 means no limit. Default: ${DEFAULT-VALUE}.")
        String rate;

        @Option(names = "--host-failures", paramLabel = "N", descriptionKey = "fetch.host-failures",
                description = "After N failures in a row to one host:port (refused, reset or unanswered connections; response timeouts only while the host gave no HTTP answer within --host-cooldown), its other URLs are host_unavailable, not requested, until a probe succeeds; 0 is off. Default: ${DEFAULT-VALUE}.")
        String hostFailures;

        @Option(names = "--host-cooldown", paramLabel = "DURATION", descriptionKey = "fetch.host-cooldown",
                description = "How long a host's circuit breaker stays open before one probe request tests it again. Default: ${DEFAULT-VALUE}.")
        String hostCooldown;
    }

    /** How each request is made, and the limits of its time, size, redirects and retries. */
    static final class Http {

        @Option(names = "--connect-timeout", paramLabel = "DURATION", descriptionKey = "fetch.connect-timeout",
                description = "Time allowed to connect, like 500ms, 3s or 2m. Default: ${DEFAULT-VALUE}.")
        String connectTimeout;

        @Option(names = "--timeout", paramLabel = "DURATION", descriptionKey = "fetch.timeout",
                description = "Hard deadline for a whole URL: connect, headers, redirects and body. Default: ${DEFAULT-VALUE}.")
        String timeout;

        @Option(names = "--read-timeout", paramLabel = "DURATION", descriptionKey = "fetch.read-timeout",
                description = "Longest silence within one attempt before it times out (and may be retried). Default: ${DEFAULT-VALUE}.")
        String readTimeout;

        @Option(names = "--max-body", paramLabel = "SIZE", descriptionKey = "fetch.max-body",
                description = "Largest body read per URL, counted after decompression, like 512KB or 10MB. Default: ${DEFAULT-VALUE}.")
        String maxBody;

        @Option(names = "--max-header-size", paramLabel = "SIZE", descriptionKey = "fetch.max-header-size",
                description = "Longest response header line. Default: ${DEFAULT-VALUE}.")
        String maxHeaderSize;

        @Option(names = "--max-redirects", paramLabel = "N", descriptionKey = "fetch.max-redirects",
                description = "Redirects followed per URL; 0 follows none. Default: ${DEFAULT-VALUE}.")
        String maxRedirects;

        @Option(names = "--retries", paramLabel = "N", descriptionKey = "fetch.retries",
                description = "Retries per URL after connection errors, timeouts and the --retry-on statuses. Default: ${DEFAULT-VALUE}.")
        String retries;

        @Option(names = "--retry-on", paramLabel = "STATUSES", descriptionKey = "fetch.retry-on",
                description = "Statuses that are retried, like 429,503 or 429,5xx. Default: ${DEFAULT-VALUE}.")
        String retryOn;

        @Option(names = "--retry-backoff", paramLabel = "DURATION", descriptionKey = "fetch.retry-backoff",
                description = "Wait before the first retry; doubles each time, with jitter. Default: ${DEFAULT-VALUE}.")
        String retryBackoff;

        @Option(names = "--retry-backoff-max", paramLabel = "DURATION", descriptionKey = "fetch.retry-backoff-max",
                description = "Longest back-off wait. Default: ${DEFAULT-VALUE}.")
        String retryBackoffMax;

        @Option(names = "--max-retry-after", paramLabel = "DURATION", descriptionKey = "fetch.max-retry-after",
                description = "Longest Retry-After honoured; a longer one is not waited for. Default: ${DEFAULT-VALUE}.")
        String maxRetryAfter;

        @Option(names = "--retry-post", descriptionKey = "fetch.retry-post",
                description = "Also retry POST and PATCH requests (not idempotent: a retry may repeat their effect).")
        boolean retryPost;

        @Option(names = "--user-agent", paramLabel = "random|fixed|TEXT", descriptionKey = "fetch.user-agent",
                description = "random (a browser's, per request), fixed (url-fetcher's) or literal text. Default: ${DEFAULT-VALUE}.")
        String userAgent;

        @Option(names = "--header", paramLabel = "'NAME: VALUE'", descriptionKey = "fetch.headers",
                description = "Extra request header; repeatable. Authorization and Cookie values are never logged.")
        List<String> headers;

        @Option(names = "--block-private", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
                descriptionKey = "fetch.block-private",
                description = "Refuse loopback, private, link-local and other internal addresses (SSRF guard). Default: ${DEFAULT-VALUE}.")
        String blockPrivate;

        @Option(names = "--allow-private", paramLabel = "HOST:PORT", descriptionKey = "fetch.allow-private",
                description = "An internal service the SSRF guard lets through; repeatable.")
        List<String> allowPrivate;

        @Option(names = "--allow-downgrade", descriptionKey = "fetch.allow-downgrade",
                description = "Follow redirects from https to http (otherwise the URL is redirect_blocked).")
        boolean allowDowngrade;

        @Option(names = "--http2", descriptionKey = "fetch.http2",
                description = "Offer HTTP/2 to https servers (ALPN; HTTP/1.1 when a server does not take it); http URLs and proxied ones stay on HTTP/1.1.")
        boolean http2;
    }

    /** Which certificates are trusted or presented, and which proxy the requests go through. */
    static final class TlsAndProxy {

        @Option(names = "--cacert", paramLabel = "FILE", descriptionKey = "fetch.cacert",
                description = "PEM bundle of CA certificates trusted for HTTPS, besides the JDK's own.")
        String cacert;

        @Option(names = "--cacert-only", descriptionKey = "fetch.cacert-only",
                description = "Trust only the --cacert bundle, not the JDK's CAs.")
        boolean cacertOnly;

        @Option(names = "--insecure", descriptionKey = "fetch.insecure",
                description = "Check neither HTTPS certificates nor host names (a warning says so, and the report: insecure).")
        boolean insecure;

        @Option(names = "--cert", paramLabel = "FILE", descriptionKey = "fetch.cert",
                description = "Client certificate for mutual TLS: a PEM chain (with --key) or a PKCS12 file; its password comes from the environment variable FETCH_CERT_PASSWORD.")
        String cert;

        @Option(names = "--key", paramLabel = "FILE", descriptionKey = "fetch.key",
                description = "The --cert PEM chain's private key: unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY).")
        String key;

        @Option(names = "--tls-handshake-timeout", paramLabel = "DURATION", descriptionKey = "fetch.tls-handshake-timeout",
                description = "Longest wait for the server's side of a TLS handshake; then tls_error. Default: ${DEFAULT-VALUE}.")
        String tlsHandshakeTimeout;

        @Option(names = { "--proxy", "-x" }, paramLabel = "[http://][USER:PASSWORD@]HOST[:PORT]", descriptionKey = "fetch.proxy",
                description = "HTTP proxy for every URL (https through CONNECT); port 1080 unless given. Default: the http_proxy, HTTPS_PROXY and ALL_PROXY environment variables, as curl reads them.")
        String proxy;

        @Option(names = "--noproxy", paramLabel = "LIST", descriptionKey = "fetch.no-proxy",
                description = "Hosts that go direct, comma-separated: names (and their subdomains), .domains, IPs, CIDR ranges, optionally :port; * for all. Default: the NO_PROXY environment variable.")
        String noProxy;
    }

    /** What is kept of each response besides its result. */
    static final class Responses {

        @Option(names = "--save-bodies", paramLabel = "DIR", descriptionKey = "fetch.save-bodies",
                description = "Save each body read whole to DIR as it streams (NNNNNN-host-HASH.ext); each result gains bodyFile.")
        String saveBodies;

        @Option(names = "--save-on", paramLabel = "ok|all", descriptionKey = "fetch.save-on",
                description = "Which bodies --save-bodies and --response-sink keep: ok, or all (4xx/5xx too). Default: ${DEFAULT-VALUE}.")
        String saveOn;

        @Option(names = "--inline-body", paramLabel = "SIZE", descriptionKey = "fetch.inline-body",
                description = "Put a text or JSON body of at most SIZE into its result as body; 0 puts none. Default: ${DEFAULT-VALUE}.")
        String inlineBody;

        @Option(names = "--keep-header", paramLabel = "NAME", descriptionKey = "fetch.keep-headers",
                description = "Copy this response header into each result (repeatable; * for all). Set-Cookie values are redacted.")
        List<String> keepHeaders;

        @Option(names = "--response-sink", paramLabel = "URI", descriptionKey = "fetch.response-sink",
                description = "Send each response as one message to this Camel endpoint (file:pages, jms:queue:pages, seda:...).")
        String responseSink;

        @Option(names = "--hash", paramLabel = "sha256|none", descriptionKey = "fetch.hash",
                description = "Hash each body while it streams (sha256 in each result), or none. SHA-256 runs in native code (about 1.4 GB/s) where the system has NSS (Debian: libnss3), else at about 140 MB/s under bin/url-fetcher's C1-only JIT. Default: ${DEFAULT-VALUE}.")
        String hash;
    }

    /** Where the report goes, in which format, and what the console shows. */
    static final class Report {

        @Option(names = "--sink", paramLabel = "URI", descriptionKey = "fetch.sink-uri",
                description = "Camel endpoint the report goes to, e.g. file:out or seda:results; - is standard output. Default: ${DEFAULT-VALUE}.")
        String sink;

        @Option(names = "--format", paramLabel = "FORMAT", descriptionKey = "fetch.format",
                description = "json, or jsonl (one result per line and a summary line). Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--html", paramLabel = "FILE", descriptionKey = "fetch.html",
                description = "Also write a self-contained HTML waterfall of the run (a timeline bar per URL) to FILE.")
        String html;

        @Option(names = "--quiet", descriptionKey = "fetch.quiet",
                description = "Print only errors: no line per URL, no totals, no progress (the report is written as usual).")
        boolean quiet;

        @Option(names = "--progress-every", paramLabel = "DURATION", descriptionKey = "fetch.progress-every",
                description = "When stderr is not a terminal, log progress this often (on a terminal a live line shows it). Default: ${DEFAULT-VALUE}.")
        String progressEvery;

        @Option(names = "--fail-on-error", descriptionKey = "fetch.fail-on-error",
                description = "Exit with 1 when any URL failed.")
        boolean failOnError;

        @Option(names = "--fail-on", paramLabel = "newly-failing", descriptionKey = "fetch.fail-on",
                description = "newly-failing: exit with 1 when a URL fails that was ok in the --history (a known-bad URL does not).")
        String failOn;
    }

    /** A resumable run's state, and how a stopped run ends. */
    static final class StateAndStopping {

        @Option(names = "--state", paramLabel = "DIR", descriptionKey = "fetch.state",
                description = "Record each result in DIR as it completes; the same command again (after a crash, kill or Ctrl-C) fetches only the lines without a result and reports them all.")
        String state;

        @Option(names = "--state-reset", descriptionKey = "fetch.state-reset",
                description = "Empty the --state folder first and start afresh (also to reuse it for another list).")
        boolean stateReset;

        @Option(names = "--grace", paramLabel = "DURATION", descriptionKey = "fetch.grace",
                description = "After SIGTERM or Ctrl-C: how long requests in flight may still finish (each within --timeout); then they are reported interrupted. Default: ${DEFAULT-VALUE}.")
        String grace;
    }

    /** What earlier runs learnt of each request, and what it changes in this one. */
    static final class History {

        @Option(names = "--history", paramLabel = "DIR|JDBC-URL", descriptionKey = "fetch.history",
                description = "Remember each request across runs (ETag, Last-Modified, sha256, outcome) in DIR (an embedded database) or a jdbc:postgresql: database; each result says its change.")
        String history;

        @Option(names = "--conditional", negatable = true, descriptionKey = "fetch.conditional",
                description = "With --history, send If-None-Match / If-Modified-Since from it; a 304 is not_modified. --no-conditional fetches every body whole. Default: ${DEFAULT-VALUE}.")
        boolean conditional;

        @Option(names = "--deliver", paramLabel = "auto|changed|all", descriptionKey = "fetch.deliver",
                description = "Which bodies are saved, inlined and sent to --response-sink: changed (new or changed), all; auto is changed with --history, else all. Default: ${DEFAULT-VALUE}.")
        String deliver;
    }

    /** The same list again and again in one process (--every), on Camel's timer. */
    static final class Rounds {

        @Option(names = "--every", paramLabel = "DURATION", descriptionKey = "fetch.every",
                description = "Fetch the list again every DURATION (like 15m or 1h) in this process, reading it again each round; each round writes its own report. A round longer than DURATION delays the next.")
        String every;

        @Option(names = "--rounds", paramLabel = "N", descriptionKey = "fetch.rounds",
                description = "With --every: stop after N rounds; 0 runs until stopped. Default: ${DEFAULT-VALUE}.")
        String rounds;
    }

    /** Where the broker is and its queues: what workers and submitters share. */
    static final class Broker {

        @Option(names = "--broker", paramLabel = "URL|embedded", descriptionKey = "fetch.broker-url",
                description = "Broker of queue sinks and of workers: tcp://host:61616 (ActiveMQ Artemis), or embedded to start one in this process.")
        String broker;

        @Option(names = "--broker-user", paramLabel = "USER", descriptionKey = "fetch.broker-user",
                description = "Broker user; the password comes from the environment variable FETCH_BROKER_PASSWORD.")
        String brokerUser;

        @Option(names = "--broker-port", paramLabel = "PORT", descriptionKey = "fetch.broker-port",
                description = "Port of the embedded broker, on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
        String brokerPort;

        @Option(names = "--broker-data", paramLabel = "DIR", descriptionKey = "fetch.broker-data",
                description = "Journal folder of the embedded broker (messages survive a restart). Default: ${DEFAULT-VALUE}.")
        String brokerData;

        @Option(names = "--jobs-queue", paramLabel = "NAME", descriptionKey = "fetch.jobs-queue",
                description = "Queue of URL jobs. Default: ${DEFAULT-VALUE}.")
        String jobsQueue;

        @Option(names = "--results-queue", paramLabel = "NAME", descriptionKey = "fetch.results-queue",
                description = "Queue of results. Default: ${DEFAULT-VALUE}.")
        String resultsQueue;

        @Option(names = "--dead-letter-queue", paramLabel = "NAME", descriptionKey = "fetch.dead-letter-queue",
                description = "Queue of jobs that failed every delivery. Default: ${DEFAULT-VALUE}.")
        String deadLetterQueue;

        @Option(names = "--expiry-queue", paramLabel = "NAME", descriptionKey = "fetch.expiry-queue",
                description = "Queue of expired jobs and results. Default: ${DEFAULT-VALUE}.")
        String expiryQueue;

        @Option(names = "--max-deliveries", paramLabel = "N", descriptionKey = "fetch.max-deliveries",
                description = "Deliveries of a job before the embedded broker dead-letters it. Default: ${DEFAULT-VALUE}.")
        String maxDeliveries;
    }

    /** How long a submitter waits for its results. */
    static final class ResultWait {

        @Option(names = "--result-timeout", paramLabel = "DURATION", descriptionKey = "fetch.result-timeout",
                description = "Longest wait for the next result of a submitted batch. Default: ${DEFAULT-VALUE}.")
        String resultTimeout;
    }

    /** A worker's Service and broker section: its health port and the broker. */
    static final class WorkerService {

        @Option(names = "--http-port", paramLabel = "PORT", descriptionKey = "fetch.http-port",
                description = "For worker and --watch: serve health checks (/observe/health) and metrics (/observe/metrics) on this port; 0 turns it off. Default: ${DEFAULT-VALUE}.")
        String httpPort;

        @Option(names = "--http-host", paramLabel = "ADDR", descriptionKey = "fetch.http-host",
                description = "The address --http-port listens on; 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}.")
        String httpHost;

        @Option(names = "--broker-wait", paramLabel = "DURATION|forever", descriptionKey = "fetch.broker-wait",
                description = "How long a worker waits at start for its broker, then exits with code 3; forever keeps trying. Default: ${DEFAULT-VALUE}.")
        String brokerWait;

        @Option(names = "--broker-down-after", paramLabel = "DURATION", descriptionKey = "fetch.broker-down-after",
                description = "How long the broker may be unreachable before the health check says DOWN. Default: ${DEFAULT-VALUE}.")
        String brokerDownAfter;

        @ArgGroup(exclusive = false)
        Broker broker;
    }

    /** submit's Broker section: the broker, the wait for results, and how a stopped submitter ends. */
    static final class Submitter {

        @ArgGroup(exclusive = false)
        Broker broker;

        @ArgGroup(exclusive = false)
        ResultWait resultWait;

        @Option(names = "--grace", paramLabel = "DURATION", descriptionKey = "fetch.grace",
                description = "After SIGTERM or Ctrl-C: how long requests in flight may still finish (each within --timeout); then they are reported interrupted. Default: ${DEFAULT-VALUE}.")
        String grace;
    }

    /** The Service and broker section of a run here: --watch, and what a worker and a submitter take. */
    static final class Service {

        @Option(names = "--watch", paramLabel = "DIR", descriptionKey = "fetch.watch",
                description = "Run as a service: fetch each *.txt URL list (or *.jsonl requests) dropped into DIR, write its report next to it in DIR/.done/ (or DIR/.failed/ with the reason).")
        String watch;

        @Option(names = "--watch-settle", paramLabel = "DURATION", descriptionKey = "fetch.watch-settle",
                description = "For --watch: take a dropped list once it has not changed for this long. Default: ${DEFAULT-VALUE}.")
        String watchSettle;

        @Option(names = "--watch-done-file", paramLabel = "NAME", descriptionKey = "fetch.watch-done-file",
                description = "For --watch: take a list only once this file exists beside it, like $${file:name}.done (the writer makes it last).")
        String watchDoneFile;

        @ArgGroup(exclusive = false)
        WorkerService worker;

        @ArgGroup(exclusive = false)
        ResultWait resultWait;
    }

    /** The options given on this command line, as {@code fetch.*} properties. */
    static Map<String, String> givenAsProperties(CommandSpec spec) {
        Map<String, String> properties = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec option : spec.options()) {
            String property = option.descriptionKey();
            if (property != null && property.startsWith(FetchSettings.PREFIX) && parsed.hasMatchedOption(option)) {
                Object value = option.getValue();
                properties.put(property, value instanceof List<?> list
                        ? String.join(property.equals("fetch.headers") ? "\n" : ",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        }
        return properties;
    }
}
