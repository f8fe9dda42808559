package io.urlfetcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/**
 * Writes a report as JSON Lines: one line per result, then one summary line per run
 * ({@code {"summary": {...}}}), and for {@code compare} a last line with the speed-up.
 */
public final class JsonLinesFormatter {

    private final ObjectMapper mapper = new ObjectMapper();

    public String format(Object report) throws JsonProcessingException {
        StringBuilder lines = new StringBuilder();
        if (report instanceof CompareReport compare) {
            appendRun(lines, compare.sequential());
            appendRun(lines, compare.parallel());
            appendLine(lines, Map.of("speedup", compare.speedup()));
        } else if (report instanceof BatchReport batch) {
            appendRun(lines, batch);
        } else {
            throw new IllegalArgumentException("not a report: " + report);
        }
        return lines.toString();
    }

    private void appendRun(StringBuilder lines, BatchReport report) throws JsonProcessingException {
        for (FetchResult result : report.results() == null ? List.<FetchResult>of() : report.results()) {
            appendLine(lines, result);
        }
        appendLine(lines, Map.of("summary", report.withoutResults()));
    }

    private void appendLine(StringBuilder lines, Object value) throws JsonProcessingException {
        lines.append(mapper.writeValueAsString(value)).append('\n');
    }
}
