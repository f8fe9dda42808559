package io.urlfetcher.core;

import io.urlfetcher.FetchResult;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far the current batch is: counted as results arrive (by the aggregation strategy, or by a submitter as
 * workers' results come back), read by the progress line ({@code report.ProgressPrinter}) from another thread.
 */
public final class FetchProgress {

    /** A consistent-enough reading: the counters move on while it is taken, which a progress line tolerates. */
    public record Snapshot(String run, long done, long failed, long elapsedNanos, long resumed) {

        public Snapshot(String run, long done, long failed, long elapsedNanos) {
            this(run, done, failed, elapsedNanos, 0);
        }
    }

    private final AtomicReference<String> run = new AtomicReference<>("");
    private final AtomicLong startNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile FetchMetrics metrics;

    /** From now on every result is also counted in these meters (a long-running process with metrics on). */
    void publishTo(FetchMetrics meters) {
        this.metrics = meters;
    }

    /** A batch starts: counting starts again from zero (compare mode runs two batches). */
    public void begin(String runName) {
        run.set(runName);
        done.set(0);
        failed.set(0);
        resumed.set(0);
        startNanos.set(System.nanoTime());
    }

    /** A resumed run ({@code fetch.state}): these lines were done in earlier runs, and count as done. */
    public void resumed(long alreadyDone, long alreadyFailed) {
        resumed.set(alreadyDone);
        done.addAndGet(alreadyDone);
        failed.addAndGet(alreadyFailed);
    }

    public void completed(FetchResult result) {
        done.incrementAndGet();
        if (result.outcome().isFailure()) {
            failed.incrementAndGet();
        }
        FetchMetrics meters = metrics;
        if (meters != null) {
            meters.record(result);
        }
    }

    /** A request is about to be sent (after the throttles let it through). */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** A request that was started has its result. */
    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** Requests sent and not finished, over all batches of this process. */
    public long inFlight() {
        return inFlight.get();
    }

    public Snapshot snapshot() {
        return new Snapshot(run.get(), done.get(), failed.get(), System.nanoTime() - startNanos.get(), resumed.get());
    }
}
