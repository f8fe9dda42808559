package io.urlfetcher.core;

import io.urlfetcher.Change;
import io.urlfetcher.FetchResult;
import io.urlfetcher.LatencySummary;
import io.urlfetcher.Outcome;

import java.util.List;
import java.util.Map;

/**
 * Where a run's results go while the split produces them (one at a time, in completion order; Camel
 * calls the aggregation strategy from one thread at a time).
 */
public interface ResultCollector {

    void add(FetchResult result);

    /** Everything the report needs once the split is done. */
    Collected finish();

    /**
     * @param results  the results in input order, or null when they were spooled
     * @param spool    the JSON Lines file the results were written to as they completed, or null
     * @param outcomes count per outcome
     * @param latency  percentiles of the URLs that were requested
     * @param firstByte percentiles of the time to first byte of the final requests that got a response head
     * @param sumMillis sum of the per-URL times of the URLs that were requested
     * @param count    number of results
     * @param changes  count per change of the results that have one, or null when none has
     */
    record Collected(List<FetchResult> results, java.nio.file.Path spool, Map<Outcome, Long> outcomes,
                     LatencySummary latency, LatencySummary firstByte, long sumMillis, int count,
                     Map<Change, Long> changes) {
    }
}
