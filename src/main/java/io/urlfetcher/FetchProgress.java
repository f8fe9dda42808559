package io.urlfetcher;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far the current batch is: counted as results arrive (by the aggregation strategy, or by a submitter as
 * workers' results come back), read by {@link ProgressPrinter} from another thread.
 */
public final class FetchProgress {

    /** A consistent-enough reading: the counters move on while it is taken, which a progress line tolerates. */
    public record Snapshot(String run, long done, long failed, long elapsedNanos) {
    }

    private final AtomicReference<String> run = new AtomicReference<>("");
    private final AtomicLong startNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** A batch starts: counting starts again from zero (compare mode runs two batches). */
    public void begin(String runName) {
        run.set(runName);
        done.set(0);
        failed.set(0);
        startNanos.set(System.nanoTime());
    }

    public void completed(FetchResult result) {
        done.incrementAndGet();
        if (result.outcome().isFailure()) {
            failed.incrementAndGet();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(run.get(), done.get(), failed.get(), System.nanoTime() - startNanos.get());
    }
}
