package io.urlfetcher;

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
        progress.begin(modeOf(exchange).label());
        RunState state = RunState.of(exchange);
        if (state != null) {
            progress.resumed(state.recordedDone(), state.recordedFailures());
        }
        exchange.setProperty(ExchangeProperties.BATCH_STARTED_AT, Instant.now().toString());
        exchange.setProperty(ExchangeProperties.BATCH_START_NANOS, System.nanoTime());
    }

    /** The run's mode follows from the concurrency the template was called with: 1 is sequential, more is parallel. */
    private static FetchMode modeOf(Exchange exchange) {
        return FetchMode.ofConcurrency(exchange.getProperty(ExchangeProperties.CONCURRENCY, 1, Integer.class));
    }

    /**
     * After the split: the body is the aggregated results (or the empty list when there were no URL
     * lines); the template put its concurrency in an exchange property.
     */
    public BatchReport build(Exchange exchange) throws InvalidPayloadException {
        FetchMode mode = modeOf(exchange);
        int concurrency = exchange.getProperty(ExchangeProperties.CONCURRENCY, 1, Integer.class);
        long elapsed = System.nanoTime() - exchange.getProperty(ExchangeProperties.BATCH_START_NANOS, Long.class);
        // With no URL lines the split aggregated nothing and the body is still the (empty) line iterator.
        Object body = exchange.getMessage().getBody();
        // A resumed run in which every line was done: the recorded results alone.
        RunState state = RunState.of(exchange);
        ResultCollector.Collected collected = body instanceof ResultCollector collector ? collector.finish()
                : state != null ? state.collectorWithRecorded().finish() : new InMemoryResults().finish();
        return new BatchReport(mode, mode == FetchMode.SEQUENTIAL ? 1 : concurrency,
                mode == FetchMode.SEQUENTIAL ? "platform" : threadKind,
                exchange.getProperty(ExchangeProperties.BATCH_STARTED_AT, String.class),
                TimeUnit.NANOSECONDS.toMillis(elapsed), collected.sumMillis(), collected.count(), collected.outcomes(),
                collected.latency(), collected.firstByte(), collected.results(), null, collected.spool(),
                insecure ? Boolean.TRUE : null);
    }
}
