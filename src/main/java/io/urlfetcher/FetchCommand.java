package io.urlfetcher;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line. Each option stands for the {@code fetch.*} property named in its
 * {@code descriptionKey}: given options override {@code application.properties}, and the file's
 * values are shown as the defaults in {@code --help}.
 */
@Command(name = "url-fetcher", mixinStandardHelpOptions = true, sortOptions = false,
         versionProvider = FetchCommand.Version.class, defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Fetches every URL of a list with Apache Camel, sequentially or in parallel, times each "
                       + "response and writes a JSON report.",
         exitCodeListHeading = "%nExit codes:%n",
         exitCodeList = { "0:the run completed, whatever each URL's outcome",
                 "1:--fail-on-error was given and a URL failed",
                 "2:usage or configuration error (the message says what to fix)",
                 "3:the run itself failed (the sink could not be written, or an internal error)" })
public final class FetchCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_URL_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_RUN_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--urls", paramLabel = "FILE", descriptionKey = "fetch.urls",
            description = "URL list: one URL per line; blank lines and # comments are skipped.")
    String urls;

    @Option(names = "--mode", paramLabel = "MODE", descriptionKey = "fetch.mode",
            description = "sequential, parallel or compare (both, and the speed-up). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--concurrency", paramLabel = "N", descriptionKey = "fetch.concurrency",
            description = "Requests in flight at once in parallel mode. Default: ${DEFAULT-VALUE}.")
    String concurrency;

    @Option(names = "--sink", paramLabel = "URI", descriptionKey = "fetch.sink-uri",
            description = "Camel endpoint the report goes to, e.g. file:out or seda:results. Default: ${DEFAULT-VALUE}.")
    String sink;

    @Option(names = "--format", paramLabel = "FORMAT", descriptionKey = "fetch.format",
            description = "json, or jsonl (one result per line and a summary line). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", descriptionKey = "fetch.connect-timeout",
            description = "Time allowed to connect, like 500ms, 3s or 2m. Default: ${DEFAULT-VALUE}.")
    String connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", descriptionKey = "fetch.timeout",
            description = "Hard deadline for a whole URL: connect, headers, redirects and body. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--user-agent", paramLabel = "random|fixed|TEXT", descriptionKey = "fetch.user-agent",
            description = "random (a browser's, per request), fixed (url-fetcher's) or literal text. Default: ${DEFAULT-VALUE}.")
    String userAgent;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", descriptionKey = "fetch.headers",
            description = "Extra request header; repeatable. Authorization and Cookie values are never logged.")
    List<String> headers;

    @Option(names = "--max-redirects", paramLabel = "N", descriptionKey = "fetch.max-redirects",
            description = "Redirects followed per URL; 0 follows none. Default: ${DEFAULT-VALUE}.")
    String maxRedirects;

    @Option(names = "--read-timeout", paramLabel = "DURATION", descriptionKey = "fetch.read-timeout",
            description = "Longest silence within one attempt before it times out (and may be retried). Default: ${DEFAULT-VALUE}.")
    String readTimeout;

    @Option(names = "--max-body", paramLabel = "SIZE", descriptionKey = "fetch.max-body",
            description = "Largest body read per URL, counted after decompression, like 512KB or 10MB. Default: ${DEFAULT-VALUE}.")
    String maxBody;

    @Option(names = "--max-header-size", paramLabel = "SIZE", descriptionKey = "fetch.max-header-size",
            description = "Longest response header line. Default: ${DEFAULT-VALUE}.")
    String maxHeaderSize;

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

    @Option(names = "--per-host", paramLabel = "N", descriptionKey = "fetch.per-host",
            description = "Requests in flight to one host:port at most; at or above --concurrency it adds no limit. Default: ${DEFAULT-VALUE}.")
    String perHost;

    @Option(names = "--rate", paramLabel = "N", descriptionKey = "fetch.rate",
            description = "Requests started per second at most; 0 means no limit. Default: ${DEFAULT-VALUE}.")
    String rate;

    @Option(names = "--block-private", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            descriptionKey = "fetch.block-private",
            description = "Refuse loopback, private, link-local and other internal addresses (SSRF guard). Default: ${DEFAULT-VALUE}.")
    String blockPrivate;

    @Option(names = "--allow-private", paramLabel = "HOST:PORT", descriptionKey = "fetch.allow-private",
            description = "An internal service the SSRF guard lets through; repeatable.")
    List<String> allowPrivate;

    @Option(names = "--dedupe", descriptionKey = "fetch.dedupe",
            description = "Fetch a repeated URL once; later lines report 'duplicate'.")
    boolean dedupe;

    @Option(names = "--virtual-threads", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            descriptionKey = "fetch.virtual-threads",
            description = "On Java 21+, fetch on virtual threads (--concurrency still bounds the requests in flight). Default: ${DEFAULT-VALUE}.")
    String virtualThreads;

    @Option(names = "--quiet", descriptionKey = "fetch.quiet",
            description = "Print only the totals, not a line per URL.")
    boolean quiet;

    @Option(names = "--fail-on-error", descriptionKey = "fetch.fail-on-error",
            description = "Exit with 1 when any URL failed.")
    boolean failOnError;

    @Option(names = "--demo", descriptionKey = "fetch.demo",
            description = "Offline demo: compare mode over five URLs of a local server (640, 380, 150, 250, 890 ms).")
    boolean demo;

    private final PrintStream out;
    private final PrintStream err;

    public FetchCommand() {
        this(System.out, System.err);
    }

    FetchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = givenOptionsAsProperties();
        LocalTargetServer demoServer = null;
        Main main = new Main();
        try {
            if (demo) {
                demoServer = LocalTargetServer.start();
                overrides.putIfAbsent("fetch.mode", "compare");
            }
            main.configure().addConfiguration(FetchConfiguration.class);
            overrides.forEach(main::addOverrideProperty);
            CamelContext context = start(main);
            FetchSettings settings = context.getRegistry().lookupByNameAndType("fetchSettings", FetchSettings.class);
            if (settings.virtualThreads() && !FetchExecutors.virtualThreadsAvailable()) {
                err.println("url-fetcher: virtual threads need Java 21 or newer; this is Java " + Runtime.version().feature()
                            + ", so platform threads fetch (the report's 'threads' says which)");
            }
            Object urlList = demo ? DemoUrls.list(demoServer) : UrlListFile.open(settings.urls()).toFile();

            FetchJob.Result result = new FetchJob(context, settings).run(urlList);
            new ConsoleReport(out, !settings.quiet()).print(result.report());
            out.println("report: " + result.writtenTo());
            return settings.failOnError() && result.failures() > 0 ? EXIT_URL_FAILED : EXIT_OK;
        } catch (ConfigurationException e) {
            err.println("url-fetcher: " + e.getMessage());
            return EXIT_USAGE;
        } catch (java.io.IOException e) {
            err.println("url-fetcher: could not start the demo server: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            err.println("url-fetcher: the run failed: " + SecretRedactor.redact(String.valueOf(e.getMessage())));
            return EXIT_RUN_FAILED;
        } finally {
            main.stop();
            if (demoServer != null) {
                demoServer.close();
            }
        }
    }

    /** Starts Camel; any failure to start is a configuration error (bad setting, bad sink URI). */
    private CamelContext start(Main main) {
        try {
            main.start();
        } catch (Exception e) {
            throw new ConfigurationException(startFailure(e), e);
        }
        CamelContext context = main.getCamelContext();
        if (context == null || !context.isStarted()) {
            throw new ConfigurationException("Camel did not start; see the log above");
        }
        return context;
    }

    private static String startFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
            if (t instanceof org.apache.camel.ResolveEndpointFailedException
                    || t instanceof org.apache.camel.NoSuchEndpointException) {
                return "invalid sink URI (--sink / fetch.sink-uri): " + SecretRedactor.redact(t.getMessage())
                       + "; use a Camel endpoint such as file:reports or seda:results";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "could not start: " + SecretRedactor.redact(String.valueOf(root.getMessage()));
    }

    private Map<String, String> givenOptionsAsProperties() {
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

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FetchCommand.class.getPackage().getImplementationVersion();
            return new String[] { "url-fetcher " + (version == null ? "(development build)" : version)
                                  + ", Apache Camel " + org.apache.camel.impl.DefaultCamelContext.class.getPackage()
                                          .getImplementationVersion()
                                  + ", Java " + Runtime.version() };
        }
    }
}
