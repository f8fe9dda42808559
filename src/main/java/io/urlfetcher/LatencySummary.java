package io.urlfetcher;

import java.util.List;

/** Per-URL time percentiles (nearest rank) over the URLs that were actually requested. */
public record LatencySummary(long p50, long p90, long p99, long max) {

    public static LatencySummary of(List<Long> millis) {
        if (millis.isEmpty()) {
            return new LatencySummary(0, 0, 0, 0);
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LatencySummary(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
