package io.urlfetcher;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.util.concurrent.ThreadType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Marks the start of a batch and, after the split, turns its results into a {@link BatchReport}. */
public final class BatchReportBuilder {

    /** Before the split: remember when the batch started. */
    public void start(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.BATCH_STARTED_AT, Instant.now().toString());
        exchange.setProperty(ExchangeProperties.BATCH_START_NANOS, System.nanoTime());
    }

    /**
     * After the split: the body is the aggregated results (or the empty list when there were no URL
     * lines); the template put its mode and concurrency in exchange properties.
     */
    public BatchReport build(Exchange exchange) throws InvalidPayloadException {
        FetchMode mode = FetchMode.parse(exchange.getProperty(ExchangeProperties.MODE, String.class));
        int concurrency = exchange.getProperty(ExchangeProperties.CONCURRENCY, 1, Integer.class);
        long elapsed = System.nanoTime() - exchange.getProperty(ExchangeProperties.BATCH_START_NANOS, Long.class);
        List<FetchResult> results = new ArrayList<>();
        for (Object item : exchange.getMessage().getMandatoryBody(List.class)) {
            results.add((FetchResult) item);
        }
        results.sort(Comparator.comparingInt(FetchResult::index));

        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        List<Long> requestedMillis = new ArrayList<>();
        long sumMillis = 0;
        for (FetchResult result : results) {
            outcomes.merge(result.outcome(), 1L, Long::sum);
            if (result.thread() != null) {
                requestedMillis.add(result.millis());
                sumMillis += result.millis();
            }
        }
        return new BatchReport(mode, mode == FetchMode.SEQUENTIAL ? 1 : concurrency,
                ThreadType.current().name().toLowerCase(Locale.ROOT),
                exchange.getProperty(ExchangeProperties.BATCH_STARTED_AT, String.class),
                TimeUnit.NANOSECONDS.toMillis(elapsed), sumMillis, results.size(), outcomes,
                LatencySummary.of(requestedMillis), List.copyOf(results));
    }
}
