package io.urlfetcher.report;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Report;
import io.urlfetcher.core.ExchangeProperties;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes a report as JSON Lines: one line per result (streamed from the run's spool file, in completion
 * order), then one summary line per run ({@code {"summary": {...}}}), and for {@code compare} a last line
 * with the speed-up. The result is a stream, so the sink copies it without holding it in memory.
 */
public final class JsonLinesFormatter {

    private final ObjectMapper mapper = new ObjectMapper();

    public InputStream format(Report report) throws IOException {
        return format(report, new long[1]);
    }

    /**
     * For the report sink: the stream, with its size in bytes as {@link ExchangeProperties#REPORT_BYTES}. camel-file
     * reports success for a stream it wrote only in part (a short channel write in its last buffer), so the sink
     * compares the file's size with this.
     */
    public InputStream formatForSink(Report report, Exchange exchange) throws IOException {
        long[] size = new long[1];
        InputStream stream = format(report, size);
        exchange.setProperty(ExchangeProperties.REPORT_BYTES, size[0]);
        return stream;
    }

    /** Each run's results and summary, then for compare a line with the speedup. */
    private InputStream format(Report report, long[] size) throws IOException {
        List<InputStream> parts = new ArrayList<>();
        for (BatchReport batch : report.batches()) {
            appendRun(parts, batch, size);
        }
        if (report.comparison().isPresent()) {
            parts.add(line(Map.of("speedup", report.comparison().get().speedup()), size));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private void appendRun(List<InputStream> parts, BatchReport report, long[] size) throws IOException {
        if (report.spool() != null) {
            size[0] += Files.size(report.spool());
            // The spool is gone once read: a host that keeps running does not collect temporary files.
            parts.add(Files.newInputStream(report.spool(), java.nio.file.StandardOpenOption.DELETE_ON_CLOSE));
        } else if (report.results() != null) {
            for (FetchResult result : report.results()) {
                parts.add(line(result, size));
            }
        }
        parts.add(line(Map.of("summary", report.withoutResults()), size));
    }

    private InputStream line(Object value, long[] size) throws JsonProcessingException {
        byte[] bytes = (mapper.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        size[0] += bytes.length;
        return new ByteArrayInputStream(bytes);
    }
}
