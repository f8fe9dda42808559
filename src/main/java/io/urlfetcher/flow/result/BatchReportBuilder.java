package io.urlfetcher.flow.result;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchMode;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchCall;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.flow.FetchPools;
import io.urlfetcher.flow.state.RunState;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Marks the start of a batch and, after the split, turns its results into a {@link BatchReport}. */
public final class BatchReportBuilder {

    private final String threadKind;
    private final FetchProgress progress;
    private final boolean insecure;

    /** @param threadKind the kind of thread the fetch pools run: platform or virtual */
    public BatchReportBuilder(String threadKind, FetchProgress progress) {
        this(threadKind, progress, false);
    }

    /** @param insecure whether TLS checks are off ({@code fetch.insecure}): the report says so */
    public BatchReportBuilder(String threadKind, FetchProgress progress, boolean insecure) {
        this.threadKind = threadKind;
        this.progress = progress;
        this.insecure = insecure;
    }

    /** Before the split: remember when the batch started. */
    public void start(Exchange exchange) {
        progress.begin(FetchMode.ofConcurrency(concurrencyOf(exchange)).label());
        RunState state = RunState.of(exchange);
        if (state != null) {
            progress.resumed(state.recordedDone(), state.recordedFailures());
        }
        exchange.setProperty(ExchangeProperties.BATCH_STARTED_AT, Instant.now().toString());
        exchange.setProperty(ExchangeProperties.BATCH_START_NANOS, System.nanoTime());
    }

    /** The concurrency the template was called with; the run's mode follows from it (1 is sequential). */
    private static int concurrencyOf(Exchange exchange) {
        FetchCall call = FetchCall.of(exchange);
        return call == null ? 1 : call.concurrency();
    }

    /**
     * After the split: the body is the aggregated results (or the empty list when there were no URL
     * lines); the template put its concurrency in the {@link FetchCall}.
     */
    public BatchReport build(Exchange exchange) throws InvalidPayloadException {
        int concurrency = concurrencyOf(exchange);
        FetchMode mode = FetchMode.ofConcurrency(concurrency);
        long elapsed = System.nanoTime() - exchange.getProperty(ExchangeProperties.BATCH_START_NANOS, Long.class);
        // With no URL lines the split aggregated nothing and the body is still the (empty) line iterator.
        Object body = exchange.getMessage().getBody();
        // A resumed run in which every line was done: the recorded results alone.
        RunState state = RunState.of(exchange);
        ResultCollector.Collected collected = body instanceof ResultCollector collector ? collector.finish()
                : state != null ? state.collectorWithRecorded().finish() : new InMemoryResults().finish();
        // The one-thread pool of a sequential call is a platform thread whatever fetch.virtual-threads says (FetchPools).
        return report(mode, concurrency, mode == FetchMode.SEQUENTIAL ? "platform" : threadKind,
                exchange.getProperty(ExchangeProperties.BATCH_STARTED_AT, String.class), elapsed, collected, null,
                insecure ? Boolean.TRUE : null);
    }

    /**
     * A batch the workers fetched: its results came from the broker. No concurrency or thread kind of this process
     * applies (0 and none), nor its TLS setting: the workers' applies.
     *
     * @param elapsedNanos from the first job sent to the last result received
     * @param workers      how many worker processes sent results
     */
    public BatchReport distributed(String startedAt, long elapsedNanos, ResultCollector.Collected collected, int workers) {
        return report(FetchMode.DISTRIBUTED, 0, null, startedAt, elapsedNanos, collected, workers, null);
    }

    private static BatchReport report(FetchMode mode, int concurrency, String threads, String startedAt, long elapsedNanos,
                                      ResultCollector.Collected collected, Integer workers, Boolean insecure) {
        return new BatchReport(mode, concurrency, threads, startedAt, TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
                collected.sumMillis(), collected.count(), collected.outcomes(), collected.latency(), collected.firstByte(),
                collected.results(), workers, collected.spool(), insecure, collected.changes());
    }
}
