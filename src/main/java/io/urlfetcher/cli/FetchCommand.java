package io.urlfetcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The command line: a batch run here ({@code url-fetcher --urls FILE}), a worker ({@code url-fetcher worker})
 * or a batch for the workers ({@code url-fetcher submit}). A run here takes every section of {@link FetchOptions}
 * (also --watch, and --mode distributed, which submits); the values of {@code application.properties} are shown as
 * their defaults in {@code --help}.
 */
@Command(name = "url-fetcher", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
         usageHelpWidth = FetchOptions.HELP_WIDTH,
         subcommands = { WorkerCommand.class, SubmitCommand.class },
         versionProvider = FetchCommand.Version.class, defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Fetches every URL of a list with Apache Camel, sequentially or in parallel, times each "
                       + "response and writes a JSON report.",
         exitCodeListHeading = "%nExit codes:%n",
         exitCodeList = { ExitCodes.OK + ":the run completed, whatever each URL's outcome",
                 ExitCodes.URL_FAILED + ":--fail-on-error was given and a URL failed, or --fail-on newly-failing and a URL"
                 + " ok in the history failed",
                 ExitCodes.USAGE + ":usage or configuration error (the message says what to fix)",
                 ExitCodes.RUN_FAILED + ":the run itself failed (the report, its spool or a saved body could not be written: "
                 + "a full disk, a folder gone read-only; or an internal error)",
                 ExitCodes.SIGINT + ":stopped by Ctrl-C (SIGINT): the report has the lines not started and interrupted",
                 ExitCodes.SIGTERM + ":stopped by SIGTERM: the same",
                 ExitCodes.OUTPUT_CLOSED + ":--sink - and the reader of standard output went away (| head): the run stopped" },
         footerHeading = "%nExamples:%n",
         footer = { "  url-fetcher --urls urls.txt --mode parallel --concurrency 50        # a list in parallel",
                    "  url-fetcher --urls urls.txt --mode compare --html waterfall.html   # both modes, and a waterfall",
                    "  url-fetcher --urls urls.txt --format jsonl --sink file:out --quiet # JSON Lines to a sink" })
final class FetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch, in this order (or --urls FILE for a list).")
    List<String> urlArguments;

    @ArgGroup(exclusive = false, heading = FetchOptions.INPUT)
    FetchOptions.Input input;

    @ArgGroup(exclusive = false, heading = FetchOptions.CONCURRENCY)
    FetchOptions.Concurrency concurrency;

    @ArgGroup(exclusive = false, heading = FetchOptions.HTTP)
    FetchOptions.Http http;

    @ArgGroup(exclusive = false, heading = FetchOptions.TLS_AND_PROXY)
    FetchOptions.TlsAndProxy tlsAndProxy;

    @ArgGroup(exclusive = false, heading = FetchOptions.RESPONSES)
    FetchOptions.Responses responses;

    @ArgGroup(exclusive = false, heading = FetchOptions.REPORT)
    FetchOptions.Report report;

    @ArgGroup(exclusive = false, heading = FetchOptions.STATE_AND_STOPPING)
    FetchOptions.StateAndStopping stateAndStopping;

    @ArgGroup(exclusive = false, heading = FetchOptions.HISTORY)
    FetchOptions.History history;

    @ArgGroup(exclusive = false, heading = FetchOptions.ROUNDS)
    FetchOptions.Rounds rounds;

    @ArgGroup(exclusive = false, heading = FetchOptions.SERVICE_AND_BROKER)
    FetchOptions.Service service;

    /** Shared with the subcommands. */
    final CommandStreams streams;

    FetchCommand() {
        this(System.out, System.err);
    }

    FetchCommand(PrintStream out, PrintStream err) {
        this(out, err, System::getenv);
    }

    /** @param environment reads the proxy environment variables (tests pass a map's {@code get}) */
    FetchCommand(PrintStream out, PrintStream err, Function<String, String> environment) {
        this.streams = new CommandStreams(out, err, environment);
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = FetchOptions.givenAsProperties(spec);
        List<String> urls = urlArguments == null ? List.of() : urlArguments;
        String refusal = UrlArguments.refusal(urls, overrides);
        if (refusal != null) {
            streams.err().println("url-fetcher: " + refusal);
            streams.err().println(UsageErrors.shortUsage(spec.commandLine()));
            return ExitCodes.USAGE;
        }
        // A group that none of its options was given for is null.
        if (service != null && service.watch != null && !service.watch.isBlank()) {
            return new ServiceRunner(streams).watch(overrides);
        }
        return new BatchCommandRunner(streams).run(overrides, input != null && input.demo, urls);
    }

    /**
     * url-fetcher's version from the jar's manifest, Camel's from the Maven metadata its jars carry (in the one jar, a
     * Camel class's package reports url-fetcher's manifest), and Java's.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FetchCommand.class.getPackage().getImplementationVersion();
            return new String[] { "url-fetcher " + (version == null ? "(development build)" : version)
                                  + ", Apache Camel " + camelVersion() + ", Java " + Runtime.version() };
        }

        static String camelVersion() {
            try (java.io.InputStream in = org.apache.camel.CamelContext.class.getResourceAsStream(
                    "/META-INF/maven/org.apache.camel/camel-api/pom.properties")) {
                java.util.Properties pom = new java.util.Properties();
                if (in != null) {
                    pom.load(in);
                }
                return pom.getProperty("version", "(unknown version)");
            } catch (java.io.IOException e) {
                return "(unknown version)";
            }
        }
    }
}
