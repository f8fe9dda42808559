import io.urlfetcher.Outcome;
import io.urlfetcher.flow.history.HistoryEntry;
import io.urlfetcher.flow.history.HistoryStore;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The history store alone (no HTTP): N entries written as a run writes them (put, batched), then N lookups of random
 * keys from THREADS threads one key a query, then N lookups 128 keys a query (as the fetch flow looks a list's lines up
 * ahead of the split). Prints writes/s, lookups/s and the heap used.
 * Usage: java -Xmx256m -cp target/url-fetcher.jar bench/HistoryStoreBench.java LOCATION N [THREADS]
 */
public class HistoryStoreBench {
    public static void main(String[] args) throws Exception {
        String location = args[0];
        int n = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (HistoryStore store = HistoryStore.open(location)) {
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            int per = n / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * per;
                done.add(pool.submit(() -> {
                    for (int i = from; i < from + per; i++) {
                        Instant now = Instant.now();
                        store.put(new HistoryEntry("req:" + String.format("%064d", i), "http://127.0.0.1:8080/bytes/1k?i=" + i,
                                "\"6750f1a2-400\"", "Tue, 08 Dec 2026 01:00:00 GMT",
                                "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", 200, Outcome.OK, now, now,
                                null));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            store.flush();
            double writeSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            done.clear();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < per; i++) {
                        int key = ThreadLocalRandom.current().nextInt(n);
                        if (store.find("req:" + String.format("%064d", key)) == null && key < per * threads) {
                            throw new IllegalStateException("missing " + key);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double readSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            done.clear();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < per; i += 128) {
                        List<String> keys = new ArrayList<>();
                        int first = ThreadLocalRandom.current().nextInt(n - 128);
                        for (int k = 0; k < 128; k++) {
                            keys.add("req:" + String.format("%064d", first + k)); // a list's lines, in order
                        }
                        if (store.findAll(keys).size() != 128) {
                            throw new IllegalStateException("missing keys from " + first);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double batchSeconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("entries %d  writes/s %.0f  lookups/s %.0f one key a query, %.0f 128 keys a query (%d threads)"
                              + "  heap used %d MB of max %d MB%n",
                    store.size(), n / writeSeconds, n / readSeconds, n / batchSeconds, threads,
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        }
    }
}
