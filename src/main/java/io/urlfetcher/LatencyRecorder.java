package io.urlfetcher;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** Counts per outcome and per-URL times in a growable primitive array: 8 bytes a URL, whatever the list's length. */
final class LatencyRecorder {

    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private long[] millis = new long[1024];
    private int requested;
    private long sumMillis;
    private int count;

    void record(FetchResult result) {
        count++;
        outcomes.merge(result.outcome(), 1L, Long::sum);
        if (result.thread() != null) { // only URLs that were requested have a time
            if (requested == millis.length) {
                millis = Arrays.copyOf(millis, millis.length * 2);
            }
            millis[requested++] = result.millis();
            sumMillis += result.millis();
        }
    }

    Map<Outcome, Long> outcomes() {
        return outcomes;
    }

    LatencySummary latency() {
        return LatencySummary.of(Arrays.copyOf(millis, requested));
    }

    long sumMillis() {
        return sumMillis;
    }

    int count() {
        return count;
    }
}
