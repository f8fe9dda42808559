package io.urlfetcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each result as a JSON line to a temporary file the moment it completes and keeps only counts
 * and times: what lets a list of a million URLs report in bounded memory. Lines are in completion order;
 * each carries its index and line number.
 */
final class SpooledResults implements ResultCollector {

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final Path spool;
    private final BufferedWriter writer;
    private final LatencyRecorder stats = new LatencyRecorder();

    SpooledResults() {
        try {
            spool = Files.createTempFile("url-fetcher-", ".jsonl");
            spool.toFile().deleteOnExit();
            writer = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a spool file for the results", e);
        }
    }

    @Override
    public void add(FetchResult result) {
        try {
            writer.write(JSON.writeValueAsString(result));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a result to " + spool, e);
        }
        stats.record(result);
    }

    @Override
    public Collected finish() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not finish " + spool, e);
        }
        return new Collected(null, spool, stats.outcomes(), stats.latency(), stats.firstByte(),
                stats.sumMillis(), stats.count());
    }
}
