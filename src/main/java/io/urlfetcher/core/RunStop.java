package io.urlfetcher.core;

import io.urlfetcher.Outcome;

import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The stop switch of a run, shared by the fetch flow: once {@link #stop tripped} (SIGTERM or Ctrl-C in the standalone
 * command, see {@code cli.StopSignals}), no further URL is requested, and the requests in flight get {@code fetch.grace} to
 * finish within their own deadline; then they are aborted and reported {@link Outcome#INTERRUPTED}. The split still
 * hands every line through the flow, so every line still gets its one result and the report is written as usual.
 * <ul>
 * <li>A line that reaches the politeness limits after the stop, or is waiting in them when it comes, is failed with a
 * {@link NotStartedException} and reported {@link Outcome#NOT_STARTED}: {@link #enterLimits} and {@link #leaveLimits}
 * surround the Kamelet's throttles, and the stop interrupts the threads waiting between them (a rate limit could
 * otherwise hold each of them for a period); without throttles on the way, {@link #notStopping} is that point. Only those threads are interrupted, and never once they left, so an
 * interrupt cannot reach a request, a body being saved or the report's spool file.</li>
 * <li>A request in flight registers its abort here ({@code http.RequestLimitsExecHandler}); at the end of the grace each
 * one still running is aborted, which ends it with a {@link RunInterruptedException}.</li>
 * </ul>
 * A stop is for the rest of the context's life: a batch run is one process.
 */
public final class RunStop {

    /** Registry name. */
    public static final String BEAN = "runStop";

    private final Duration grace;
    private final ScheduledExecutorService timer;
    private final Set<Thread> waitingInLimits = new HashSet<>(); // guarded by itself
    private final Set<Runnable> inFlight = ConcurrentHashMap.newKeySet();
    private volatile String reason;
    private volatile long graceEndNanos = Long.MAX_VALUE;
    private volatile boolean graceOver;

    /**
     * @param grace how long requests in flight may go on after the stop (each within its own deadline)
     * @param timer runs the end of the grace
     */
    public RunStop(Duration grace, ScheduledExecutorService timer) {
        this.grace = grace;
        this.timer = timer;
    }

    /**
     * Stops the run: no new request starts, the waits in the limits end now, requests in flight end within the grace.
     *
     * @param why what stopped it, for the results' errors, like {@code SIGTERM}
     * @return false when the run was already stopping (the first stop counts)
     */
    public boolean stop(String why) {
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            graceEndNanos = System.nanoTime() + grace.toNanos();
            reason = why;
        }
        synchronized (waitingInLimits) {
            waitingInLimits.forEach(Thread::interrupt);
        }
        try {
            timer.schedule(this::endGrace, grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            endGrace(); // the context is stopping: nothing is fetched any more
        }
        return true;
    }

    public boolean isStopping() {
        return reason != null;
    }

    /** What stopped the run, or null while it runs. */
    public String reason() {
        return reason;
    }

    public Duration grace() {
        return grace;
    }

    /** {@link System#nanoTime()} at which the grace ends; {@link Long#MAX_VALUE} while the run is not stopping. */
    public long graceEndNanos() {
        return graceEndNanos;
    }

    /** Requests in flight now (registered by {@link #whileInFlight}). */
    public int inFlight() {
        return inFlight.size();
    }

    /** Before the politeness limits: a line that comes after the stop is not started; one that waits can be woken. */
    public void enterLimits(Exchange exchange) {
        synchronized (waitingInLimits) {
            if (isStopping()) {
                throw notStarted();
            }
            waitingInLimits.add(Thread.currentThread());
        }
    }

    /**
     * Instead of the limits, when the call has none that can hold a request back (the Kamelet then skips them): the
     * one point at which a line is not started. No thread waits there, so there is none to register for a wake-up.
     */
    public void notStopping(Exchange exchange) {
        if (isStopping()) {
            throw notStarted();
        }
    }

    /** After the limits, right before the request: the last point at which a line is not started. */
    public void leaveLimits(Exchange exchange) {
        left();
        if (isStopping()) {
            throw notStarted();
        }
    }

    /**
     * For the flow's catch block, before the failure is recorded: leaves the limits (a wait cut by the stop ends
     * there) and, when the run is stopping and the line failed in them, makes the failure a {@link NotStartedException}.
     */
    public void afterFailure(Exchange exchange) {
        if (left() && isStopping()) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, notStarted());
            // Camel marks an exchange that failed with an InterruptedException as interrupted, and stops routing it
            // (and, through the split's aggregation, the batch's own exchange): this line is recorded, not abandoned.
            exchange.getExchangeExtension().setInterrupted(false);
        }
    }

    /** @return whether this thread was in the limits; a stop's interrupt, if any, is cleared with it */
    private boolean left() {
        synchronized (waitingInLimits) {
            boolean was = waitingInLimits.remove(Thread.currentThread());
            if (was) {
                Thread.interrupted(); // the interrupt was for the wait in the limits only
            }
            return was;
        }
    }

    private NotStartedException notStarted() {
        return new NotStartedException("the run was stopped (" + reason + ") before this line was requested");
    }

    /**
     * Registers a request in flight until the returned handle is closed.
     *
     * @param abort ends the request at once (on its own thread's terms: it fails with the abort's exception)
     */
    public Registration whileInFlight(Runnable abort) {
        inFlight.add(abort);
        if (graceOver) { // started as the grace ended: it would never be aborted otherwise
            abort.run();
        }
        return () -> inFlight.remove(abort);
    }

    private void endGrace() {
        graceOver = true;
        inFlight.forEach(Runnable::run);
    }

    /** Ends a request's registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
