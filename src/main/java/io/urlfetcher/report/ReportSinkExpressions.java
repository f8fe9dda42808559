package io.urlfetcher.report;

import io.urlfetcher.core.ExchangeProperties;

import org.apache.camel.Predicate;
import org.apache.camel.Processor;

import java.util.Locale;

/** What the report-sink route asks, as plain Java for the {@code ref} language. */
final class ReportSinkExpressions {

    private ReportSinkExpressions() {
    }

    public static Predicate jsonLines() {
        return exchange -> "jsonl".equals(exchange.getProperty(ExchangeProperties.REPORT_FORMAT, String.class));
    }

    /**
     * Counts the bytes of a JSON report on its way to a {@code file:} sink ({@link ExchangeProperties#REPORT_BYTES}), as
     * {@link JsonLinesFormatter#formatForSink} counts a JSON Lines one: camel-file 4.18 writes bytes with one channel
     * write per buffer and drops what a short write leaves (a full disk), so {@link BatchReportSink} checks the file's
     * size against this.
     */
    public static Processor countBytes() {
        return exchange -> exchange.setProperty(ExchangeProperties.REPORT_BYTES,
                (long) exchange.getMessage().getMandatoryBody(byte[].class).length);
    }

    /**
     * Whether the sink takes messages (a queue, a log) rather than documents: everything but {@code file:}.
     * A message sink gets a JSON Lines report as one message per line.
     */
    static boolean isMessageSink(String sinkUri) {
        return !sinkUri.strip().toLowerCase(Locale.ROOT).startsWith("file:");
    }
}
