package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The report of one run over a URL list.
 *
 * @param mode        sequential, parallel or distributed
 * @param concurrency requests allowed in flight at once (1 when sequential)
 * @param threads     the kind of thread that fetched: platform, or virtual (Java 21+ with virtual threads on)
 * @param startedAt   wall-clock start, ISO-8601 UTC
 * @param totalMillis wall time of the batch
 * @param sumMillis   sum of the per-URL times; sumMillis / totalMillis is the concurrency achieved
 * @param urls        number of URL lines, which is also the number of results
 * @param outcomes    count of results per outcome
 * @param latency     per-URL time percentiles of the URLs that were requested
 * @param firstByte   time to first byte percentiles (the {@code firstByte} of each result's timings, rounded to the
 *                    ms) of the URLs whose final request got a response
 * @param results     one per URL line, in input order; null when they were spooled (JSON Lines)
 * @param workers     distributed: how many worker processes sent results; null otherwise
 * @param spool       the JSON Lines file the results were written to as they completed, or null
 * @param changes     with a history ({@code fetch.history}): count of results per change; else null
 * @param insecure    true when TLS certificates and host names were not checked ({@code fetch.insecure}); else null
 * @param round       the round of {@code --every} this run was (1 for the first), or null for a run of its own
 */
@JsonPropertyOrder({ "round", "mode", "concurrency", "threads", "startedAt", "totalMillis", "sumMillis", "urls", "outcomes",
        "latency", "firstByte", "changes", "workers", "insecure", "results" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchReport(
        FetchMode mode, int concurrency, String threads, String startedAt, long totalMillis, long sumMillis, int urls,
        Map<Outcome, Long> outcomes, LatencySummary latency, LatencySummary firstByte, List<FetchResult> results,
        Integer workers, @JsonIgnore Path spool, Boolean insecure, Map<Change, Long> changes, Long round) implements Report {

    public BatchReport(
            FetchMode mode, int concurrency, String threads, String startedAt, long totalMillis, long sumMillis, int urls,
            Map<Outcome, Long> outcomes, LatencySummary latency, LatencySummary firstByte, List<FetchResult> results,
            Integer workers, Path spool, Boolean insecure, Map<Change, Long> changes) {
        this(mode, concurrency, threads, startedAt, totalMillis, sumMillis, urls, outcomes, latency, firstByte, results,
                workers, spool, insecure, changes, null);
    }

    public BatchReport(
            FetchMode mode, int concurrency, String threads, String startedAt, long totalMillis, long sumMillis, int urls,
            Map<Outcome, Long> outcomes, LatencySummary latency, LatencySummary firstByte, List<FetchResult> results,
            Integer workers, Path spool) {
        this(mode, concurrency, threads, startedAt, totalMillis, sumMillis, urls, outcomes, latency, firstByte, results,
                workers, spool, null, null, null);
    }

    @Override
    public List<BatchReport> batches() {
        return List.of(this);
    }

    @Override
    public long failures() {
        return outcomes.entrySet().stream().filter(e -> e.getKey().isFailure()).mapToLong(Map.Entry::getValue).sum();
    }

    /** Results that are {@link Change#FAILING}: not ok now, ok in the history's last fetch ({@code --fail-on newly-failing}). */
    public long newlyFailing() {
        return changes == null ? 0 : changes.getOrDefault(Change.FAILING, 0L);
    }

    public BatchReport withoutResults() {
        return new BatchReport(mode, concurrency, threads, startedAt, totalMillis, sumMillis, urls, outcomes, latency,
                firstByte, null, workers, null, insecure, changes, round);
    }

    @Override
    public BatchReport withRound(long number) {
        return new BatchReport(mode, concurrency, threads, startedAt, totalMillis, sumMillis, urls, outcomes, latency,
                firstByte, results, workers, spool, insecure, changes, number);
    }
}
