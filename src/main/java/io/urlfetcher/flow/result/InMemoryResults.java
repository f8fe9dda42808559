package io.urlfetcher.flow.result;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.ResultCollector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Keeps every (small, body-less) result, for a JSON report in input order. */
public final class InMemoryResults implements ResultCollector {

    private final List<FetchResult> results = new ArrayList<>();
    private final LatencyRecorder stats = new LatencyRecorder();

    @Override
    public void add(FetchResult result) {
        results.add(result);
        stats.record(result);
    }

    @Override
    public Collected finish() {
        results.sort(Comparator.comparingInt(FetchResult::index));
        return new Collected(List.copyOf(results), null, stats.outcomes(), stats.latency(), stats.firstByte(),
                stats.sumMillis(),
                stats.count(), stats.changes());
    }
}
