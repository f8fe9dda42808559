package io.urlfetcher.cli;

import io.urlfetcher.core.StandardOutput;
import io.urlfetcher.flow.BatchResult;
import io.urlfetcher.report.ConsoleReport;
import io.urlfetcher.report.ConsoleSettings;

/** Prints a finished batch's summary and says its exit code: signals, bodies not saved, {@code --fail-on-error}. */
final class BatchOutcome {

    /** A batch's result and the signal handlers it ran under (null when it was not fetched here). */
    record Watched(BatchResult result, StopSignals signals) {
    }

    private final CommandStreams streams;
    private final ConsoleSettings settings;
    private final String html;

    private final boolean toStandardOutput;

    /**
     * @param html             the waterfall's file (fetch.html), or empty
     * @param toStandardOutput the report goes to standard output ({@code --sink -}): the console's lines go to stderr
     */
    BatchOutcome(CommandStreams streams, ConsoleSettings settings, String html, boolean toStandardOutput) {
        this.streams = streams;
        this.settings = settings;
        this.html = html;
        this.toStandardOutput = toStandardOutput;
    }

    int exitCode(Watched watched) {
        BatchResult result = watched.result();
        StopSignals signals = watched.signals();
        if (toStandardOutput && StandardOutput.closed()) {
            return ExitCodes.OUTPUT_CLOSED; // its reader went away (| head -1): nothing more to say, to anyone
        }
        if (!settings.quiet()) { // --quiet: only errors, on stderr
            java.io.PrintStream console = toStandardOutput ? streams.err() : streams.out();
            new ConsoleReport(console, true).print(result.report());
            console.println("report: " + result.writtenTo());
            if (!html.isEmpty()) {
                console.println("waterfall: " + html);
            }
        }
        boolean stopped = signals != null && signals.exitCode() != 0;
        if (stopped) {
            streams.err().println("url-fetcher: stopped by " + signals.received() + ": "
                    + StopSignals.summary(result.report()) + "; report: " + result.writtenTo());
        }
        if (result.sinkFailure() != null) { // bodies not saved (a full disk): the report says which URLs
            streams.err().println("url-fetcher: " + result.sinkFailure());
            return ExitCodes.RUN_FAILED;
        }
        if (stopped) {
            return signals.exitCode();
        }
        if (settings.failOnError() && result.failures() > 0) {
            streams.err().println("url-fetcher: " + ConsoleReport.count(result.failures(), "URL") + " of "
                    + result.report().urls() + " failed (--fail-on-error): exit " + ExitCodes.URL_FAILED);
            return ExitCodes.URL_FAILED;
        }
        return ExitCodes.OK;
    }
}
