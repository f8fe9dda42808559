package io.urlfetcher.flow.result;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.IoReason;
import io.urlfetcher.core.OwnedTempFiles;
import io.urlfetcher.core.ResultCollector;

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
public final class SpooledResults implements ResultCollector {

    static final String PREFIX = ".url-fetcher-spool-";

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final Path spool;
    private final BufferedWriter writer;
    private final LatencyRecorder stats = new LatencyRecorder();
    /** The first failed write: every later call fails with it too (the spool is gone). */
    private UncheckedIOException failure;

    SpooledResults() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param folder where the spool is written; the temporary folder when it cannot be created */
    public SpooledResults(Path folder) {
        try {
            folder = usable(folder);
            OwnedTempFiles.deleteLeftovers(folder, PREFIX, ".jsonl");
            spool = OwnedTempFiles.create(folder, PREFIX, ".jsonl");
            spool.toFile().deleteOnExit();
            writer = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a spool file for the results in " + folder + ": "
                    + IoReason.of(e), e);
        }
    }

    /** The folder of a {@code file:} sink URI ({@code file:reports?...}, {@code file://reports}), else the temporary folder. */
    public static Path folderFor(String sinkUri) {
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
        if (failure != null) {
            throw failure;
        }
        try {
            writer.write(JSON.writeValueAsString(result));
            writer.write('\n');
        } catch (IOException e) {
            throw failed(e);
        }
        stats.record(result);
    }

    @Override
    public Collected finish() {
        if (failure != null) {
            throw failure;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw failed(e);
        }
        return new Collected(null, spool, stats.outcomes(), stats.latency(), stats.firstByte(),
                stats.sumMillis(), stats.count(), stats.changes());
    }

    /**
     * A write to the spool failed (a full disk, a folder gone read-only): the run cannot report every result, so it
     * fails; the spool is deleted at once, which gives its space back, and the message names it and the reason.
     */
    private UncheckedIOException failed(IOException e) {
        try {
            writer.close();
        } catch (IOException closing) {
            // the buffered rest cannot be written either; the file is deleted next
        }
        try {
            Files.deleteIfExists(spool);
        } catch (IOException deleting) {
            // also deleted when the JVM exits, or by the next run (its name holds this process's id)
        }
        failure = new UncheckedIOException("could not write the results to the spool file " + spool + ": "
                + IoReason.of(e) + " (the spool was deleted)", e);
        return failure;
    }
}
