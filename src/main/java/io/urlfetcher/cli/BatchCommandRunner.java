package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.FetchMode;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.cli.demo.DemoUrls;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.flow.BatchRun;
import io.urlfetcher.batch.BatchRunner;
import io.urlfetcher.flow.response.BodyStore;
import io.urlfetcher.flow.response.BodyWriteFailures;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.core.StandardOutput;
import io.urlfetcher.flow.list.UrlListFile;
import io.urlfetcher.flow.list.UrlListSource;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.report.ConsoleSettings;
import io.urlfetcher.report.ProgressPrinter;
import io.urlfetcher.report.ReportFile;

import org.apache.camel.CamelContext;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One batch from the command line ({@code url-fetcher --urls FILE}, {@code url-fetcher submit}): starts Camel, reads
 * the list, shows progress, stops on Ctrl-C or SIGTERM, runs the batch, prints its summary and returns the exit code.
 */
final class BatchCommandRunner {

    private final CommandStreams streams;

    BatchCommandRunner(CommandStreams streams) {
        this.streams = streams;
    }

    int run(Map<String, String> overrides, boolean demo) {
        return run(overrides, demo, List.of());
    }

    /** @param urlArguments URLs given as arguments, fetched instead of a list file when there are any */
    int run(Map<String, String> overrides, boolean demo, List<String> urlArguments) {
        LocalTargetServer demoServer = null;
        CamelLauncher launcher = new CamelLauncher(streams.environment());
        try {
            if (demo) {
                demoServer = LocalTargetServer.start();
                overrides.putIfAbsent("fetch.mode", FetchMode.COMPARE.label());
            }
            Launch launch = Launch.batch(overrides);
            boolean listFile = !demo && urlArguments.isEmpty();
            if (listFile && !UrlListFile.isStandardInput(launch.settings().run().urls())) {
                UrlListFile.open(launch.settings().run().urls()); // a missing or binary list: a usage error before Camel starts
            }
            // A batch handles SIGINT and SIGTERM itself (StopSignals), a distributed one too.
            CamelContext context = launcher.start(launch);
            FetchSettings settings = launch.settings();
            if (settings.run().virtualThreadsUnavailable()) {
                streams.err().println("url-fetcher: virtual threads need Java 21 or newer; this is Java "
                        + Runtime.version().feature() + ", so platform threads fetch (the report's 'threads' says which)");
            }
            BatchRunner runner = new BatchRunner(context, settings);
            BatchRun run = runner.batchRun();
            run.requireReady();
            UrlListSource urlList = demo ? UrlListSource.text(DemoUrls.list(demoServer))
                    : !urlArguments.isEmpty() ? UrlListSource.text(UrlArguments.asList(urlArguments))
                    : UrlListFile.isStandardInput(settings.run().urls())
                    ? UrlListFile.standardInput(System.in, run.readsListTwice())
                    : UrlListSource.file(UrlListFile.open(settings.run().urls()));
            ReportFile.requireWritableFolder(context, settings.report().sinkUri()); // after the list: a typo in --urls makes no folder
            boolean toStandardOutput = StandardOutput.isSink(settings.report().sinkUri());
            return new BatchOutcome(streams, settings.console(), settings.report().html(), toStandardOutput)
                    .exitCode(runWatched(context, settings.console(), runner, urlList, toStandardOutput));
        } catch (ConfigurationException e) {
            streams.err().println("url-fetcher: " + UsageMessages.of(e, overrides));
            return ExitCodes.USAGE;
        } catch (IOException e) {
            streams.err().println("url-fetcher: could not start the demo server: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            launcher.close(); // first: the log lines of fetches still in flight come before the message, not after it
            streams.err().println("url-fetcher: the run failed: " + SecretRedactor.redact(String.valueOf(e.getMessage())));
            return ExitCodes.RUN_FAILED;
        } finally {
            launcher.close();
            if (demoServer != null) {
                demoServer.close();
            }
        }
    }

    /** The run with its progress line, its stop on signals and, when it fetches here, on a body not saved. */
    private BatchOutcome.Watched runWatched(CamelContext context, ConsoleSettings console, BatchRunner runner,
                                            UrlListSource urlList, boolean toStandardOutput) {
        StopSignals signals = null;
        try (ProgressPrinter ignored = progress(context, console,
                () -> urlList.file().map(UrlListFile::countUrlLines).orElse(-1L))) {
            FetchProgress progress = context.getRegistry().lookupByNameAndType(BeanNames.PROGRESS, FetchProgress.class);
            RunStop runStop = context.getRegistry().lookupByNameAndType(RunStop.BEAN, RunStop.class);
            // A distributed batch stops the same way: no further job is sent, the queued ones are taken back.
            signals = StopSignals.install(runStop, streams.err(), () -> (int) progress.inFlight());
            if (runner.batchRun().fetchesHere()) {
                if (toStandardOutput) { // a reader that went away (| head -1) wants no more: the run stops
                    StandardOutput.use(streams.out(), () -> runStop.stop("standard output was closed"));
                }
                stopOnBodyWriteFailure(context, runStop);
            }
            return new BatchOutcome.Watched(runner.run(urlList), signals);
        } finally {
            if (signals != null) {
                signals.close();
            }
        }
    }

    /**
     * A body that cannot be saved (a full disk, a folder gone) stops the batch as a signal would: later bodies would
     * fail the same way, so the lines not yet started are left {@code not_started}, for a resumed run ({@code --state}).
     */
    private void stopOnBodyWriteFailure(CamelContext context, RunStop runStop) {
        BodyStore bodyStore = context.getRegistry().lookupByNameAndType(BeanNames.BODY_STORE, BodyStore.class);
        BodyWriteFailures failures = bodyStore == null ? null : bodyStore.failures();
        if (failures != null) {
            failures.onFailure(reason -> {
                if (runStop.stop("a body could not be saved: " + reason)) {
                    streams.err().println("url-fetcher: " + reason + ": no further URL is started");
                }
            });
        }
    }

    /** A live line on a terminal, log lines elsewhere; nothing with --quiet. */
    private ProgressPrinter progress(CamelContext context, ConsoleSettings settings, java.util.function.LongSupplier total) {
        if (settings.quiet()) {
            return null;
        }
        FetchProgress progress = context.getRegistry().lookupByNameAndType(BeanNames.PROGRESS, FetchProgress.class);
        return new ProgressPrinter(progress, total, ProgressPrinter.onTerminal() ? streams.err() : null,
                settings.progressEvery());
    }
}
