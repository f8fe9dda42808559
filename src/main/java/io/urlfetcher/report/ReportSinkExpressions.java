package io.urlfetcher.report;

import io.urlfetcher.flow.ExchangeProperties;

import org.apache.camel.Predicate;

import java.util.Locale;

/** What the report-sink route asks, as plain Java for the {@code ref} language. */
final class ReportSinkExpressions {

    private ReportSinkExpressions() {
    }

    public static Predicate jsonLines() {
        return exchange -> "jsonl".equals(exchange.getProperty(ExchangeProperties.REPORT_FORMAT, String.class));
    }

    /**
     * Whether the sink takes messages (a queue, a log) rather than documents: everything but {@code file:}.
     * A message sink gets a JSON Lines report as one message per line.
     */
    static boolean isMessageSink(String sinkUri) {
        return !sinkUri.strip().toLowerCase(Locale.ROOT).startsWith("file:");
    }
}
