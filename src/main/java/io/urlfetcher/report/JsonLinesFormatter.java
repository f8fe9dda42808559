package io.urlfetcher.report;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    public InputStream format(Object report) throws IOException {
        List<InputStream> parts = new ArrayList<>();
        if (report instanceof CompareReport compare) {
            appendRun(parts, compare.sequential());
            appendRun(parts, compare.parallel());
            parts.add(line(Map.of("speedup", compare.speedup())));
        } else if (report instanceof BatchReport batch) {
            appendRun(parts, batch);
        } else {
            throw new IllegalArgumentException("not a report: " + report);
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private void appendRun(List<InputStream> parts, BatchReport report) throws IOException {
        if (report.spool() != null) {
            // The spool is gone once read: a host that keeps running does not collect temporary files.
            parts.add(Files.newInputStream(report.spool(), java.nio.file.StandardOpenOption.DELETE_ON_CLOSE));
        } else if (report.results() != null) {
            for (FetchResult result : report.results()) {
                parts.add(line(result));
            }
        }
        parts.add(line(Map.of("summary", report.withoutResults())));
    }

    private InputStream line(Object value) throws JsonProcessingException {
        return new ByteArrayInputStream((mapper.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
