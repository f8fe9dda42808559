package io.urlfetcher.flow.result;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.core.StandardOutput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.UncheckedIOException;

/**
 * JSON Lines to standard output ({@code --format jsonl --sink -}): each result is written as a line the moment its
 * URL completes, so a reader ({@code | jq}) has it while the run goes on; only counts and times are kept, as
 * {@link SpooledResults} keeps them. The summary lines follow at the end, from the report sink.
 */
public final class StreamedResults implements ResultCollector {

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final LatencyRecorder stats = new LatencyRecorder();

    @Override
    public void add(FetchResult result) {
        try {
            StandardOutput.writeLine(JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write a result as JSON", e);
        }
        stats.record(result);
    }

    @Override
    public Collected finish() {
        return new Collected(null, null, stats.outcomes(), stats.latency(), stats.firstByte(), stats.sumMillis(),
                stats.count());
    }
}
