package io.urlfetcher.batch;

import io.urlfetcher.config.ServiceSettings;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * {@code --every}: the list fetched round after round in this process, on Camel's timer. The route
 * {@value #ROUTE} of routes/fetch-rounds.yaml fires {@code timer:} with {@code fixedRate=false} and
 * {@code synchronous=true}, and calls {@link #round} on the timer's one thread, which waits for the round: the JDK's
 * {@code java.util.Timer} then schedules each fire one period after the start of the fire before, so a round longer
 * than the period delays the next, which starts as soon as it ends, never beside it, and no missed fires are run back
 * to back afterwards (as {@code fixedRate=true} would).
 * <p>
 * The route starts with Camel, so that the timer's first fire comes once its consumer has started (Camel then
 * schedules it from its start-up listener: a route started later can fire before its consumer counts as started, and
 * that fire is dropped, for a whole period); the first round waits until the command line hands over the rounds
 * ({@link #run}), once it has checked the list and the sink.
 * <p>
 * The rounds end after {@code fetch.rounds} (the timer's {@code repeatCount}), when a round says so (a signal stopped
 * it, its run failed), or at {@link #stop}, at once between rounds.
 */
public final class Rounds {

    /** The timer route's id. */
    public static final String ROUTE = "fetch-rounds";

    private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);

    private final Duration every;
    private final long limit;
    private volatile Predicate<Round> runRound;
    private final CountDownLatch ready = new CountDownLatch(1);
    /** Completes with the number of rounds run, or with the failure that ended them. */
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private boolean running; // guarded by this
    private boolean stopped; // guarded by this
    private long done; // guarded by this

    /** @param settings how often, and how many rounds */
    public Rounds(ServiceSettings settings) {
        this.every = settings.every();
        this.limit = settings.rounds();
    }

    /** The timer route's step: one round, unless the rounds have ended. */
    public void round(Exchange fired) throws InterruptedException {
        ready.await(); // set by run or stop, right after Camel's start
        long number = fired.getProperty(Exchange.TIMER_COUNTER, Long.class);
        synchronized (this) {
            if (stopped || finished.isDone()) {
                return;
            }
            running = true;
        }
        // The timer counts the next period from its fire; the first round, which waited for run, starts now.
        Date firedAt = fired.getProperty(Exchange.TIMER_FIRED_TIME, Date.class);
        Instant scheduled = firedAt == null ? Instant.now() : firedAt.toInstant();
        Instant start = number == 1 ? Instant.now() : scheduled;
        boolean goOn;
        try {
            goOn = runRound.test(new Round(number, start));
        } catch (RuntimeException | Error e) {
            finished.completeExceptionally(e); // the command line reports it: the timer would only log it
            return;
        } finally {
            synchronized (this) {
                running = false;
                done = number;
            }
        }
        Instant end = Instant.now();
        Duration took = Duration.between(start, end);
        synchronized (this) {
            if (!goOn || stopped || (limit > 0 && number >= limit)) {
                finished.complete(number);
                return;
            }
        }
        Instant next = scheduled.plus(every);
        if (!end.isBefore(next)) {
            LOG.warn("round {} took {} s, longer than --every {} s: round {} starts now, after it, never beside it",
                    number, seconds(took), seconds(every), number + 1);
        } else {
            LOG.info("round {} took {} s; round {} starts at {}", number, seconds(took), number + 1,
                    LocalTime.ofInstant(next, ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** Ends the rounds: at once between two rounds (or before the first), as soon as it ends during one. */
    public void stop() {
        synchronized (this) {
            stopped = true;
            if (!running) {
                finished.complete(done);
            }
        }
        ready.countDown();
    }

    /**
     * Lets the rounds run and waits until they end.
     *
     * @param runRound runs one round (its list read again, its report written) and says whether the rounds go on; a
     *                 runtime exception it throws ends them, and is thrown here
     * @return how many rounds ran
     */
    public long run(Predicate<Round> runRound) throws InterruptedException {
        this.runRound = runRound;
        ready.countDown();
        try {
            return finished.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw (Error) e.getCause();
        }
    }

    /** The most rounds, {@code fetch.rounds}; 0 for no limit. */
    public long limit() {
        return limit;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }
}
