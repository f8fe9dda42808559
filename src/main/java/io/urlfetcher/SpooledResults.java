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
 * <p>
 * The spool lives beside the report (in a {@code file:} sink's folder, else the temporary folder) as a hidden
 * {@code .url-fetcher-spool-PID-*.jsonl}. A process killed with SIGKILL cannot delete it, so each new spool first
 * deletes the spools in its folder whose process no longer runs (never one of a live run, nor of this process).
 */
final class SpooledResults implements ResultCollector {

    static final String PREFIX = ".url-fetcher-spool-";

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final Path spool;
    private final BufferedWriter writer;
    private final LatencyRecorder stats = new LatencyRecorder();

    SpooledResults() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param folder where the spool is written; the temporary folder when it cannot be created */
    SpooledResults(Path folder) {
        try {
            folder = usable(folder);
            OwnedTempFiles.deleteLeftovers(folder, PREFIX, ".jsonl");
            spool = OwnedTempFiles.create(folder, PREFIX, ".jsonl");
            spool.toFile().deleteOnExit();
            writer = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a spool file for the results", e);
        }
    }

    /** The folder of a {@code file:} sink URI ({@code file:reports?...}, {@code file://reports}), else the temporary folder. */
    static Path folderFor(String sinkUri) {
        if (sinkUri != null && sinkUri.startsWith("file:")) {
            String path = sinkUri.substring("file:".length()).replaceFirst("^//", "");
            int query = path.indexOf('?');
            path = query >= 0 ? path.substring(0, query) : path;
            if (!path.isBlank() && !path.contains("$") && !path.contains("{{")) { // a fixed folder, not an expression
                return Path.of(path);
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static Path usable(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException | RuntimeException e) {
            return Path.of(System.getProperty("java.io.tmpdir"));
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
