package io.urlfetcher.cli;

import io.urlfetcher.Outcome;
import io.urlfetcher.Report;
import io.urlfetcher.core.RunStop;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * SIGINT (Ctrl-C) and SIGTERM during a standalone batch: the first stops the run ({@link RunStop}) and lets the batch
 * write its report, the second exits at once. The exit code follows the shell's rule, 128 + the signal's number:
 * 130 after SIGINT, 143 after SIGTERM.
 * <p>
 * Why {@code sun.misc.Signal} (module jdk.unsupported, exported to every class-path program): the JVM's own handling
 * of these signals starts its shutdown, and from then on the run is being torn down: shutdown hooks cannot pick the
 * exit code, cannot keep the JVM alive until the report is written (Camel Main's hang-up hook only waits for a Camel
 * context that nobody stops during a batch, so today the process just ends, without a report), and threads that are
 * still fetching race the exit. A handler installed here replaces that handling for the length of the batch, so the
 * batch itself decides when the process ends. {@link #close} puts back the handlers from before.
 */
final class StopSignals implements AutoCloseable {

    /** How long a second signal lets shutdown hooks run before the process is halted. */
    private static final long HOOKS_LIMIT_MILLIS = 2000;

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicReference<Signal> first = new AtomicReference<>();
    private final RunStop runStop;
    private final PrintStream err;
    private final IntSupplier inFlight;
    private final Runnable afterStop;

    private StopSignals(RunStop runStop, PrintStream err, IntSupplier inFlight, Runnable afterStop) {
        this.runStop = runStop;
        this.err = err;
        this.inFlight = inFlight;
        this.afterStop = afterStop;
    }

    /**
     * Handles SIGINT and SIGTERM until closed. A signal the JVM does not let a program handle (started with
     * {@code -Xrs}, or one it uses itself) keeps its default: the run then ends as before, without a report.
     *
     * @param inFlight requests in flight now, for the line that says the stop began
     */
    static StopSignals install(RunStop runStop, PrintStream err, IntSupplier inFlight) {
        return install(runStop, err, inFlight, () -> { });
    }

    /** @param afterStop runs after the first signal tripped the stop (the rounds of --every end with it) */
    static StopSignals install(RunStop runStop, PrintStream err, IntSupplier inFlight, Runnable afterStop) {
        StopSignals signals = new StopSignals(runStop, err, inFlight, afterStop);
        for (String name : new String[] { "INT", "TERM" }) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, signals::handle));
            } catch (IllegalArgumentException e) {
                err.println("url-fetcher: SIG" + name + " cannot be handled here (" + e.getMessage()
                            + "); it ends the run without a report");
            }
        }
        return signals;
    }

    /** 0 while no signal came; else 128 + the number of the first signal (130 for SIGINT, 143 for SIGTERM). */
    int exitCode() {
        Signal signal = first.get();
        return signal == null ? 0 : 128 + signal.getNumber();
    }

    /** The first signal's name, like {@code SIGTERM}, or null. */
    String received() {
        Signal signal = first.get();
        return signal == null ? null : "SIG" + signal.getName();
    }

    /** Runs on a thread the JVM starts for each signal. */
    private void handle(Signal signal) {
        if (first.compareAndSet(null, signal)) {
            int requests = inFlight.getAsInt();
            runStop.stop("SIG" + signal.getName());
            err.println();
            err.println("url-fetcher: SIG" + signal.getName() + ": stopping: " + requests + " in flight, waiting up to "
                        + seconds(runStop) + " s; Ctrl-C again to stop at once");
            afterStop.run();
            return;
        }
        int code = 128 + first.get().getNumber();
        err.println();
        err.println("url-fetcher: SIG" + signal.getName() + " again: stopping at once, without a report");
        // Shutdown hooks (log output, temporary files) get a moment; a hook that hangs must not hold the process.
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HOOKS_LIMIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(code);
        }, "url-fetcher-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(code);
    }

    /** The counts a stopped run ends with, like {@code 650 done, 1350 not_started, 0 interrupted}. */
    static String summary(Report report) {
        Map<Outcome, Long> counts = report.outcomes();
        long urls = report.urls();
        long notStarted = counts.getOrDefault(Outcome.NOT_STARTED, 0L);
        long interrupted = counts.getOrDefault(Outcome.INTERRUPTED, 0L);
        return (urls - notStarted - interrupted) + " done, " + notStarted + " not_started, " + interrupted + " interrupted";
    }

    private static String seconds(RunStop runStop) {
        long millis = runStop.grace().toMillis();
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                // it could be set, so it can be set back
            }
        });
    }
}
