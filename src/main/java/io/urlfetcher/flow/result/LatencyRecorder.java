package io.urlfetcher.flow.result;

import io.urlfetcher.Change;
import io.urlfetcher.FetchResult;
import io.urlfetcher.LatencySummary;
import io.urlfetcher.Outcome;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts per outcome, per-URL times and times to first byte in growable primitive arrays: 16 bytes a URL,
 * whatever the list's length.
 */
final class LatencyRecorder {

    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Change, Long> changes = new EnumMap<>(Change.class);
    private final Samples millis = new Samples();
    private final Samples firstByteMillis = new Samples();
    private long sumMillis;
    private int count;

    void record(FetchResult result) {
        count++;
        outcomes.merge(result.outcome(), 1L, Long::sum);
        if (result.change() != null) {
            changes.merge(result.change(), 1L, Long::sum);
        }
        if (result.thread() != null) { // only URLs that were requested have a time
            millis.add(result.millis());
            sumMillis += result.millis();
        }
        if (result.timings() != null && result.timings().firstByte() != null) { // a response head arrived
            firstByteMillis.add(Math.round(result.timings().firstByte()));
        }
    }

    Map<Outcome, Long> outcomes() {
        return outcomes;
    }

    /** Null when no result had a change (a run without a history), so the report leaves it out. */
    Map<Change, Long> changes() {
        return changes.isEmpty() ? null : changes;
    }

    LatencySummary latency() {
        return millis.summary();
    }

    LatencySummary firstByte() {
        return firstByteMillis.summary();
    }

    long sumMillis() {
        return sumMillis;
    }

    int count() {
        return count;
    }

    private static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        LatencySummary summary() {
            return LatencySummary.of(Arrays.copyOf(values, size));
        }
    }
}
