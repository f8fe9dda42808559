package io.urlfetcher.flow;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.BeanNames;

import org.apache.camel.support.service.ServiceSupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The executors the fetch flow's split runs on, one per distinct concurrency: a call of the Kamelet with
 * {@code concurrency=N} gets a fixed pool of exactly N threads ({@link FetchExecutors}), shared by every call with the
 * same N, so the pool alone bounds the requests in flight and the split reads the list ahead only as far as N. At most
 * {@code fetch.max-concurrency}: a call above it is refused, never capped. The Kamelet asks for its pool through a
 * route-template local bean; the pools stop with the Camel context.
 */
public final class FetchPools extends ServiceSupport {

    /** Registry name of this factory, which the Kamelet's local bean calls. */
    public static final String BEAN = BeanNames.POOLS;

    private final int maxConcurrency;
    private final boolean virtualThreads;
    private final Map<Integer, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();

    /** @param virtualThreads whether the parallel pools run virtual threads (Java 21+ and fetch.virtual-threads) */
    public FetchPools(int maxConcurrency, boolean virtualThreads) {
        this.maxConcurrency = maxConcurrency;
        this.virtualThreads = virtualThreads;
    }

    /**
     * The pool of a call with this concurrency: 1 is one platform thread (one request at a time, in input order).
     *
     * @throws ConfigurationException when the concurrency is below 1 or above fetch.max-concurrency
     */
    public ExecutorService forConcurrency(int concurrency) {
        requireAllowed(concurrency, maxConcurrency);
        return pools.computeIfAbsent(concurrency, size -> size == 1
                ? FetchExecutors.create("fetch-sequential", 1, false)
                : FetchExecutors.create("fetch-parallel-" + size, size, virtualThreads));
    }

    /**
     * The Kamelet's local bean {@code fetchPool}: Camel creates template beans through a public static factory method,
     * to which it passes this factory (the bean {@value #BEAN}) and the call's concurrency.
     */
    public static ExecutorService pool(FetchPools pools, int concurrency) {
        return pools.forConcurrency(concurrency);
    }

    /** Distinct concurrencies asked for so far, so pools alive. */
    public int poolCount() {
        return pools.size();
    }

    /** The check of a run's concurrency against the ceiling, shared by the Kamelet's calls and the settings. */
    public static void requireAllowed(int concurrency, int maxConcurrency) {
        if (concurrency < 1) {
            throw new ConfigurationException("concurrency must be 1 or more (1 fetches one URL at a time); it is "
                                             + concurrency);
        }
        if (concurrency > maxConcurrency) {
            throw new ConfigurationException("concurrency " + concurrency + " is above fetch.max-concurrency "
                                             + maxConcurrency + ": lower the concurrency, or raise fetch.max-concurrency"
                                             + " (--max-concurrency) to at least " + concurrency);
        }
    }

    @Override
    protected void doStop() {
        pools.values().forEach(ExecutorService::shutdownNow);
        pools.clear();
    }
}
