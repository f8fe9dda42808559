package io.urlfetcher.flow.state;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.ResultCollector;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What a state's results file ({@value StateFolder#RESULTS_FILE}) says when a run opens it: which indexes are done,
 * which of those failed, and the line of each one's last record, so the recorded results can be handed to the report
 * later without keeping them in memory.
 * <p>
 * A line is done when its last recorded result has an outcome that a resumed run does not fetch again
 * ({@link Outcome#fetchedAgainOnResume()}): a later record of an index wins over an earlier one. A last line cut off
 * by a kill (no line end) is cut away ({@link #cutTornLastLine}) before the file is read and new lines are appended.
 */
final class RecordedResults {

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class); // the state's messages keep one name
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BitSet done;
    private final BitSet failed;
    /** For each index, the ordinal (0-based line number in the results file) of its last record; -1 for none. */
    private final int[] lastRecord;
    /** Lines of the results file when it was read: the recorded ones; new records come after them. */
    private final long lines;

    private RecordedResults(Path file, BitSet done, BitSet failed, int[] lastRecord, long lines) {
        this.file = file;
        this.done = done;
        this.failed = failed;
        this.lastRecord = lastRecord;
        this.lines = lines;
    }

    /** A kill while a line was being written leaves it without its line end: it is cut away, so appends start clean. */
    static void cutTornLastLine(Path results, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || lastByte(channel, size) == '\n') {
            return;
        }
        long end = size;
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (end > 0) {
            long from = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - from));
            channel.read(buffer, from);
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    truncate(results, channel, size, from + i + 1);
                    return;
                }
            }
            end = from;
        }
        truncate(results, channel, size, 0);
    }

    private static void truncate(Path results, FileChannel channel, long size, long to) throws IOException {
        channel.truncate(to);
        channel.force(true);
        LOG.info("Ignored the last {} bytes of {}: a result cut off when the earlier run was stopped", size - to, results);
    }

    private static int lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, size - 1);
        return one.get(0);
    }

    /** Reads the results file (its torn last line cut away first), one line at a time. */
    static RecordedResults read(Path results) throws IOException {
        BitSet done = new BitSet();
        BitSet failed = new BitSet();
        int[] lastRecord = new int[0];
        long ordinal = 0;
        long unreadable = 0;
        try (BufferedReader reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            String text;
            for (; (text = reader.readLine()) != null; ordinal++) {
                RecordedEntry entry = RecordedEntry.peek(text);
                if (entry == null) {
                    unreadable++;
                    continue;
                }
                int index = entry.index();
                if (index >= lastRecord.length) {
                    int from = lastRecord.length;
                    lastRecord = Arrays.copyOf(lastRecord, Math.max(index + 1, lastRecord.length * 2));
                    Arrays.fill(lastRecord, from, lastRecord.length, -1);
                }
                if (ordinal > Integer.MAX_VALUE) {
                    throw new IOException("more than " + Integer.MAX_VALUE + " records");
                }
                lastRecord[index] = (int) ordinal; // a later record wins
                boolean isDone = !entry.outcome().fetchedAgainOnResume();
                done.set(index, isDone);
                failed.set(index, isDone && entry.outcome().isFailure());
            }
        }
        if (unreadable > 0) {
            LOG.warn("{} lines of {} are not results url-fetcher wrote; their lines, if any, are fetched again", unreadable,
                    results);
        }
        return new RecordedResults(results, done, failed, lastRecord, ordinal);
    }

    /** Whether the line of this index has a recorded result that a resumed run keeps. */
    boolean isDone(int index) {
        return index >= 0 && done.get(index);
    }

    /** Lines done in earlier runs. */
    int done() {
        return done.cardinality();
    }

    /** Of those, the lines whose result is a failure (not ok). */
    int failures() {
        return failed.cardinality();
    }

    /** Lines of the file when it was read (unreadable ones and records of lines fetched again included). */
    long lines() {
        return lines;
    }

    /**
     * Adds the recorded results of the done lines to the collector, each line's last record once. Reads them from the
     * file again, one at a time, so a long state costs no memory here; the lines appended since it was read are
     * the run's own, which the collector has already.
     */
    void addTo(ResultCollector collector) {
        if (done.isEmpty()) {
            return;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            for (long ordinal = 0; ordinal < lines && (text = reader.readLine()) != null; ordinal++) {
                RecordedEntry entry = RecordedEntry.peek(text);
                if (entry != null && isDone(entry.index()) && lastRecord[entry.index()] == ordinal) {
                    collector.add(JSON.readValue(text, FetchResult.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the recorded results of " + file + ": " + e.getMessage(), e);
        }
    }
}
