package io.urlfetcher;

import java.util.Arrays;

/** Per-URL time percentiles (nearest rank) over the URLs that were actually requested. */
public record LatencySummary(long p50, long p90, long p99, long max) {

    /** @param millis the times; sorted in place */
    public static LatencySummary of(long[] millis) {
        if (millis.length == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        Arrays.sort(millis);
        return new LatencySummary(rank(millis, 50), rank(millis, 90), rank(millis, 99), millis[millis.length - 1]);
    }

    private static long rank(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
