package io.urlfetcher.flow.response;

import io.urlfetcher.core.SecretRedactor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The bodies that could not be written to the {@code fetch.save-bodies} folder (a full disk, a folder gone
 * read-only): each of those URLs is {@code delivery_failed}, and the run ends with exit code 3 naming the folder.
 * Counted over the life of the context; a batch run compares the count before and after its batch.
 */
public final class BodyWriteFailures {

    private final String folder;
    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();
    private volatile Consumer<String> onFailure = reason -> { };

    BodyWriteFailures(String folder) {
        this.folder = folder;
    }

    void record(String reason) {
        first.compareAndSet(null, reason);
        count.incrementAndGet();
        onFailure.accept(reason);
    }

    /**
     * What a failed write does besides counting, with its reason: a batch run stops starting URLs, since every later
     * body would fail the same way, and its unstarted lines stay for a resumed run.
     */
    public void onFailure(Consumer<String> action) {
        onFailure = action;
    }

    /** Bodies that could not be written so far. */
    public long count() {
        return count.get();
    }

    /**
     * The line that ends a run in which {@code failed} bodies could not be written, e.g. {@code could not save 12
     * bodies to pages: pages/000003-host-….html: No space left on device (their URLs are delivery_failed)}.
     */
    public String describe(long failed) {
        return "could not save " + failed + (failed == 1 ? " body" : " bodies") + " to " + SecretRedactor.redact(folder)
               + ": " + first.get() + " (" + (failed == 1 ? "its URL is" : "their URLs are") + " delivery_failed)";
    }
}
