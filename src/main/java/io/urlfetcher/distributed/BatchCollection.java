package io.urlfetcher.distributed;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.ResultCollector;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One submitted batch while its results come back: the route that reads them reports each new result
 * ({@link #progress()}) and the aggregate of all of them ({@link #completion()}); the submitter waits on
 * {@link #completed()}.
 */
final class BatchCollection {

    private final int expected;
    private final BatchIndexRepository indices = new BatchIndexRepository();
    private final Set<String> workers = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastResultNanos = new AtomicLong(System.nanoTime());
    private final CompletableFuture<ResultCollector> completed = new CompletableFuture<>();

    BatchCollection(int expected) {
        this.expected = expected;
    }

    public int expected() {
        return expected;
    }

    /** The idempotent consumer's repository: which indices have a result. */
    public BatchIndexRepository indices() {
        return indices;
    }

    /** Step for each new (not duplicate) result. */
    public Processor progress() {
        return exchange -> {
            lastResultNanos.set(System.nanoTime());
            String worker = exchange.getMessage().getBody(FetchResult.class).worker();
            if (worker != null) {
                workers.add(worker);
            }
        };
    }

    /** Step after the aggregator completed: by size (every index arrived) or by timeout (some never did). */
    public Processor completion() {
        return exchange -> completed.complete(exchange.getMessage().getMandatoryBody(ResultCollector.class));
    }

    public CompletableFuture<ResultCollector> completed() {
        return completed;
    }

    long nanosSinceLastResult() {
        return System.nanoTime() - lastResultNanos.get();
    }

    /** {@link System#nanoTime()} when the last new result arrived (or the collection began). */
    public long lastResultNanos() {
        return lastResultNanos.get();
    }

    public int workers() {
        return workers.size();
    }
}
