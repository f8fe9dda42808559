package io.urlfetcher.report;

import io.urlfetcher.core.FetchProgress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a run's {@link FetchProgress} while it goes: on a terminal, one line on stderr rewritten in place
 * four times a second; otherwise (CI, a log file) a log line every {@code fetch.progress-every}, which
 * keeps logs readable. Stopped by {@link #close()}.
 */
public final class ProgressPrinter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.urlfetcher.progress");
    private static final Duration TERMINAL_EVERY = Duration.ofMillis(250);

    private final FetchProgress progress;
    private final LongSupplier counter;
    private long total = -1; // counted on the timer thread, once, while the fetch already runs
    private boolean counted;
    private final PrintStream terminal;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "url-fetcher-progress");
        thread.setDaemon(true);
        return thread;
    });
    private int lastWidth;

    /**
     * @param total    counts the URL lines in the list (-1 when unknown: no ETA then); called once, on the
     *                 printer's thread, so a long list is counted while its first URLs are already fetched
     * @param terminal stderr when it is a terminal, else null: progress then goes to the log
     * @param logEvery how often a log line is written when not on a terminal
     */
    public ProgressPrinter(FetchProgress progress, LongSupplier total, PrintStream terminal, Duration logEvery) {
        this.progress = progress;
        this.counter = total;
        this.terminal = terminal;
        long every = (terminal != null ? TERMINAL_EVERY : logEvery).toMillis();
        timer.scheduleAtFixedRate(this::show, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether stderr is a terminal a line can be rewritten on. */
    public static boolean onTerminal() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    private synchronized void show() {
        if (!counted) {
            total = counter.getAsLong();
            counted = true;
        }
        String line = line(progress.snapshot(), total);
        if (terminal == null) {
            LOG.info(line);
            return;
        }
        terminal.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        terminal.flush();
        lastWidth = line.length();
    }

    /**
     * Like {@code parallel: 1,200/5,000 URLs, 3 failed, 410 URLs/s, 2.9 s elapsed, ETA 9 s}; a resumed run adds
     * {@code (resumed: 800 already done)} after {@code URLs}, and its rate counts this run's URLs only.
     */
    static String line(FetchProgress.Snapshot now, long total) {
        double seconds = now.elapsedNanos() / 1e9;
        double rate = seconds > 0 ? (now.done() - now.resumed()) / seconds : 0;
        StringBuilder text = new StringBuilder(now.run().isEmpty() ? "fetching" : now.run()).append(": ")
                .append(String.format(Locale.ROOT, "%,d", now.done()));
        if (total >= 0) {
            text.append(String.format(Locale.ROOT, "/%,d", total));
        }
        text.append(" URLs");
        if (now.resumed() > 0) {
            text.append(String.format(Locale.ROOT, " (resumed: %,d already done)", now.resumed()));
        }
        text.append(String.format(Locale.ROOT, ", %,d failed, %.0f URLs/s, %.1f s elapsed", now.failed(), rate, seconds));
        if (total >= 0 && rate > 0 && now.done() < total) {
            text.append(String.format(Locale.ROOT, ", ETA %.0f s", (total - now.done()) / rate));
        }
        return text.toString();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal != null && lastWidth > 0) {
            terminal.print('\r' + " ".repeat(lastWidth) + '\r'); // leave the terminal as it was for the report
            terminal.flush();
        }
    }
}
