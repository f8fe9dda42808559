package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.FetchMode;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.cli.demo.DemoUrls;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.flow.BatchRun;
import io.urlfetcher.batch.BatchRunner;
import io.urlfetcher.batch.Round;
import io.urlfetcher.batch.Rounds;
import io.urlfetcher.flow.BatchResult;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
        Rounds rounds = null;
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
            rounds = launch.settings().service().inRounds() ? new Rounds(launch.settings().service()) : null;
            if (rounds != null) {
                launcher.bind(BeanNames.ROUNDS, rounds);
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
            if (rounds != null) {
                return runRounds(context, settings, runner, rounds);
            }
            boolean toStandardOutput = StandardOutput.isSink(settings.report().sinkUri());
            return new BatchOutcome(streams, settings.console(), settings.report().html(), toStandardOutput)
                    .exitCode(runWatched(context, settings.console(), runner, urlList, toStandardOutput));
        } catch (ConfigurationException e) {
            streams.err().println("url-fetcher: " + UsageMessages.of(e, overrides));
            return ExitCodes.USAGE;
        } catch (IOException e) {
            streams.err().println("url-fetcher: could not start the demo server: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.RUN_FAILED;
        } catch (RuntimeException e) {
            stop(rounds);
            launcher.close(); // first: the log lines of fetches still in flight come before the message, not after it
            streams.err().println("url-fetcher: the run failed: " + SecretRedactor.redact(String.valueOf(e.getMessage())));
            return ExitCodes.RUN_FAILED;
        } finally {
            stop(rounds); // a first round still waiting for the list's check returns, and Camel stops at once
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

    /**
     * {@code --every}: round after round on Camel's timer ({@link Rounds}), each with its list read again, its progress
     * line, its summary and its report. The signals stop the round under way as they stop a batch, and end the rounds.
     *
     * @return the worst exit code of the rounds: 3 (a run failed), the signal's, 1 ({@code --fail-on-error}), 0
     */
    private int runRounds(CamelContext context, FetchSettings settings, BatchRunner runner, Rounds rounds)
            throws InterruptedException {
        FetchProgress progress = context.getRegistry().lookupByNameAndType(BeanNames.PROGRESS, FetchProgress.class);
        RunStop runStop = context.getRegistry().lookupByNameAndType(RunStop.BEAN, RunStop.class);
        BatchOutcome outcome = new BatchOutcome(streams, settings.console(), settings.report().html(),
                StandardOutput.isSink(settings.report().sinkUri()));
        AtomicInteger worst = new AtomicInteger(ExitCodes.OK);
        AtomicBoolean stoppedInRound = new AtomicBoolean();
        StopSignals signals = StopSignals.install(runStop, streams.err(), () -> (int) progress.inFlight(), rounds::stop);
        try {
            stopOnBodyWriteFailure(context, runStop);
            long ran = rounds.run(round -> {
                int code = round(context, settings, runner, round, rounds.limit(), outcome, signals);
                stoppedInRound.set(signals.exitCode() != 0 && code == signals.exitCode());
                worst.accumulateAndGet(code, (a, b) -> a == ExitCodes.RUN_FAILED || b == ExitCodes.RUN_FAILED
                        ? ExitCodes.RUN_FAILED : Math.max(a, b));
                return code == ExitCodes.OK || code == ExitCodes.URL_FAILED;
            });
            if (worst.get() == ExitCodes.RUN_FAILED || signals.exitCode() == 0) {
                return worst.get();
            }
            if (!stoppedInRound.get()) {
                streams.err().println("url-fetcher: stopped by " + signals.received() + " between rounds, after " + ran
                        + (ran == 1 ? " round" : " rounds"));
            }
            return signals.exitCode();
        } finally {
            signals.close();
        }
    }

    private static void stop(Rounds rounds) {
        if (rounds != null) {
            rounds.stop();
        }
    }

    /** One round: its header, the list read again, the run with its progress line, its summary; @return its exit code */
    private int round(CamelContext context, FetchSettings settings, BatchRunner runner, Round round, long limit,
                      BatchOutcome outcome, StopSignals signals) {
        if (!settings.console().quiet()) { // --quiet: only errors; with --sink - the console is on stderr
            PrintStream console = StandardOutput.isSink(settings.report().sinkUri()) ? streams.err() : streams.out();
            console.println("round " + round.number() + (limit > 0 ? " of " + limit : "") + ", started "
                    + round.startedAt().truncatedTo(ChronoUnit.MILLIS));
        }
        Path list;
        try {
            list = UrlListFile.open(settings.run().urls());
        } catch (ConfigurationException e) { // an editor's rename, a list moved away: a later round may find it again
            streams.err().println("url-fetcher: round " + round.number() + ": " + e.getMessage()
                    + "; no report, the next round reads the list again");
            return ExitCodes.OK;
        }
        BatchResult result;
        try (ProgressPrinter ignored = progress(context, settings.console(), () -> UrlListFile.countUrlLines(list))) {
            result = runner.run(UrlListSource.file(list), round);
        }
        return outcome.exitCode(new BatchOutcome.Watched(result, signals));
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
