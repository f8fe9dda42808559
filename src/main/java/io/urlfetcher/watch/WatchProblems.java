package io.urlfetcher.watch;

import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inbox consumer's exception handler ({@code exceptionHandler} of the file endpoint): a problem the consumer meets
 * on every poll (a read-only inbox fails each list's move to {@code .running/}, twice a second) is logged once, with
 * its cause, then once every {@link #REPEAT} with how often it came back, instead of a stack trace each poll. The last
 * one is kept for the health check.
 */
final class WatchProblems implements ExceptionHandler {

    static final Duration REPEAT = Duration.ofMinutes(5);
    /** How long a problem keeps the health DOWN after it was last seen: several polls. */
    static final Duration RECENT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(WatchProblems.class);
    /** Camel names the file it could not take as {@code GenericFile[path]}; its message also holds the whole endpoint URI. */
    private static final Pattern CAMEL_FILE = Pattern.compile("GenericFile\\[([^\\]]*)]");

    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
    private volatile String last;
    private volatile long lastNanos;

    WatchProblems() {
        this(System::nanoTime);
    }

    WatchProblems(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String problem = SecretRedactor.redact(describe(exception));
        Matcher file = CAMEL_FILE.matcher(message == null ? "" : message);
        String list = file.find() ? file.group(1) : null;
        long now = nanoClock.getAsLong();
        last = problem;
        lastNanos = now;
        Seen entry = seen.computeIfAbsent(problem, p -> new Seen());
        long logged = entry.loggedNanos.get();
        if (logged == Long.MIN_VALUE) {
            if (entry.loggedNanos.compareAndSet(Long.MIN_VALUE, now)) {
                LOG.warn("{}{}; {} tried again at each poll (said again every {} min while it lasts)",
                        list == null ? "the inbox: " : list + ": ", problem,
                        list == null ? "it is" : "the list stays in the inbox and is", REPEAT.toMinutes());
            }
            return;
        }
        long repeats = entry.repeats.incrementAndGet();
        if (now - logged >= REPEAT.toNanos() && entry.loggedNanos.compareAndSet(logged, now)) {
            entry.repeats.addAndGet(-repeats);
            LOG.warn("{} (again, {} times in the last {} min)", problem, repeats, REPEAT.toMinutes());
        }
    }

    /** The last problem, if it was seen within {@link #RECENT}. */
    String recent() {
        String problem = last;
        return problem != null && nanoClock.getAsLong() - lastNanos < RECENT.toNanos() ? problem : null;
    }

    /** The exception and its causes' messages in one line: the stack trace says nothing an operator can act on. */
    static String describe(Throwable exception) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = exception; t != null && line.length() < 500; t = t.getCause()) {
            if (!line.isEmpty()) {
                line.append(": ");
            }
            line.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                line.append(' ').append(t.getMessage());
            }
        }
        return line.toString();
    }

    private static final class Seen {
        final AtomicLong loggedNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong repeats = new AtomicLong();
    }
}
