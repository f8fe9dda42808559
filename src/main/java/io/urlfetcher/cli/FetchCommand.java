package io.urlfetcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The command line: a batch run here ({@code url-fetcher --urls FILE}), a worker ({@code url-fetcher worker})
 * or a batch for the workers ({@code url-fetcher submit}). The options are {@link FetchOptions}; the values
 * of {@code application.properties} are shown as their defaults in {@code --help}.
 */
@Command(name = "url-fetcher", mixinStandardHelpOptions = true, sortOptions = false,
         subcommands = { WorkerCommand.class, SubmitCommand.class },
         versionProvider = FetchCommand.Version.class, defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Fetches every URL of a list with Apache Camel, sequentially or in parallel, times each "
                       + "response and writes a JSON report.",
         exitCodeListHeading = "%nExit codes:%n",
         exitCodeList = { ExitCodes.OK + ":the run completed, whatever each URL's outcome",
                 ExitCodes.URL_FAILED + ":--fail-on-error was given and a URL failed",
                 ExitCodes.USAGE + ":usage or configuration error (the message says what to fix)",
                 ExitCodes.RUN_FAILED + ":the run itself failed (the report, its spool or a saved body could not be written: "
                 + "a full disk, a folder gone read-only; or an internal error)",
                 ExitCodes.SIGINT + ":stopped by Ctrl-C (SIGINT): the report has the lines not started and interrupted",
                 ExitCodes.SIGTERM + ":stopped by SIGTERM: the same" })
final class FetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FetchOptions options;

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
        if (options.watch != null && !options.watch.isBlank()) {
            return new ServiceRunner(streams).watch(overrides);
        }
        return new BatchCommandRunner(streams).run(overrides, options.demo);
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
