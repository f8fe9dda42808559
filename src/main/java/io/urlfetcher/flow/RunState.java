package io.urlfetcher.flow;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The state of a resumable run ({@code fetch.state}): a folder with the list's {@link ListFingerprint}
 * ({@value #LIST_FILE}) and every result recorded as it completed ({@value #RESULTS_FILE}, JSON Lines, appended by a
 * {@link StateLogWriter}). Opened before the batch, it knows which lines are done; the fetch flow then
 * <ol>
 * <li>leaves those lines out of the split ({@link #skipRecordedLines}),</li>
 * <li>records each new result ({@link #recordResult}, a step at the end of each line's part of the split),</li>
 * <li>hands the recorded results to the run's {@link ResultCollector} ({@link #addRecordedTo}), so the report has
 * every line once,</li>
 * </ol>
 * and {@link #close()} fsyncs and closes the file when the run ends, however it ends. It travels with the
 * batch as the exchange property {@value ExchangeProperties#RUN_STATE}: a call of the Kamelet without it (an
 * embedding host, a worker, the watch route) is not affected.
 * <p>
 * A line is done when its last recorded result has an outcome that a resumed run does not fetch again
 * ({@link Outcome#fetchedAgainOnResume()}): a later record of an index wins over an earlier one. A last line cut off
 * by a kill (no line end) is ignored, and cut away before new lines are appended.
 */
public final class RunState implements AutoCloseable {

    static final String LIST_FILE = "list.json";
    static final String RESULTS_FILE = "results.jsonl";
    static final String LOCK_FILE = "lock";
    static final Duration SYNC_EVERY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();

    private final Path folder;
    private final FileChannel lock;
    private final StateLogWriter writer;
    private final Supplier<ResultCollector> emptyCollector;
    private final BitSet done;
    private final BitSet failed;
    /** For each index, the ordinal (0-based line number in the results file) of its last record; -1 for none. */
    private final int[] lastRecord;
    /** Lines of the results file when it was opened: the recorded ones; new records come after them. */
    private final long recordedLines;
    private boolean handedOver;

    private RunState(Path folder, FileChannel lock, StateLogWriter writer, Supplier<ResultCollector> emptyCollector,
                     Recorded recorded) {
        this.folder = folder;
        this.lock = lock;
        this.writer = writer;
        this.emptyCollector = emptyCollector;
        this.done = recorded.done;
        this.failed = recorded.failed;
        this.lastRecord = recorded.lastRecord;
        this.recordedLines = recorded.lines;
    }

    /**
     * Opens (or begins) the state in {@code folder} for this list.
     *
     * @param reset          empty the state first (also the way to use the folder for a different list)
     * @param emptyCollector the kind of collector the run's report needs, for a run that fetches nothing new
     * @throws ConfigurationException when the folder cannot be used, is in use by another run, or holds the state of
     *                                another list (and {@code reset} is false)
     */
    public static RunState open(Path folder, ListFingerprint list, boolean reset, Supplier<ResultCollector> emptyCollector) {
        createFolder(folder);
        FileChannel lock = lock(folder);
        try {
            Path results = folder.resolve(RESULTS_FILE);
            FileChannel channel = FileChannel.open(results, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try (channel) {
                checkList(folder, list, reset, channel);
                cutTornLastLine(results, channel);
            }
            Recorded recorded = read(results);
            RunState state = new RunState(folder, lock, new StateLogWriter(results, SYNC_EVERY), emptyCollector, recorded);
            if (recorded.lines > 0) {
                LOG.info("Resuming from {}: {} lines already done ({} failed), the rest is fetched", folder,
                        recorded.done.cardinality(), recorded.failed.cardinality());
            }
            return state;
        } catch (IOException e) {
            closeQuietly(lock);
            throw new ConfigurationException("cannot use the state folder " + folder + " (--state / fetch.state): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /**
     * Refuses fetch.state where resuming makes no sense: compare mode measures two whole runs (a resumed half would
     * time nothing), and a distributed batch already survives a dead worker through the broker (its submitter would
     * need the state of the broker's queues too).
     */
    public static void requireSupported(RunSettings settings) {
        requireSupported(settings.state(), settings.mode());
    }

    /** The same check on the command line's properties, before Camel starts (a distributed batch first wants a broker). */
    public static void requireSupported(String state, String mode) {
        if (state != null && !state.isBlank() && mode != null) {
            try {
                requireSupported(state, FetchMode.parse(mode));
            } catch (IllegalArgumentException e) {
                // an invalid mode: the settings say so
            }
        }
    }

    private static void requireSupported(String state, FetchMode mode) {
        if (!state.isBlank() && mode != FetchMode.SEQUENTIAL && mode != FetchMode.PARALLEL) {
            throw new ConfigurationException("--state works with --mode sequential or parallel, not " + mode.label()
                    + (mode == FetchMode.COMPARE
                    ? ": compare times two whole runs, and a resumed run would time only the rest"
                    : ": a distributed batch is kept by the broker, whose queues survive a dead worker (submit the list again"
                      + " to start over)"));
        }
    }

    /** Refuses fetch.state in a long-running mode (worker, --watch): each of its batches is its own. */
    public static void refuseIn(RunSettings settings, String mode) {
        if (!settings.state().isEmpty()) {
            throw new ConfigurationException("--state is for one batch run (--urls FILE), not for " + mode
                    + ", whose batches are many; leave it out");
        }
    }

    /** The run's state, or null when the run keeps none. */
    public static RunState of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.RUN_STATE, RunState.class);
    }

    /** Step after the list is parsed: in a resumed run, the lines with a recorded result are not split at all. */
    public static void skipRecordedLines(Exchange exchange) {
        RunState state = of(exchange);
        if (state != null && exchange.getMessage().getBody() instanceof Iterator<?> lines) {
            @SuppressWarnings("unchecked")
            Iterator<UrlLine> urlLines = (Iterator<UrlLine>) lines;
            exchange.getMessage().setBody(state.withoutRecorded(urlLines));
        }
    }

    /** The lines whose index has no recorded result (or only one that a resumed run fetches again). */
    Iterator<UrlLine> withoutRecorded(Iterator<UrlLine> lines) {
        // A stream's iterator pulls one line at a time: the list is still read as the split asks for lines.
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED), false)
                .filter(line -> !isDone(line.index()))
                .iterator();
    }

    /** Whether the line of this index has a recorded result that a resumed run keeps. */
    boolean isDone(int index) {
        return index >= 0 && done.get(index);
    }

    /** Lines done in earlier runs. */
    int recordedDone() {
        return done.cardinality();
    }

    /** Of those, the lines whose result is a failure (not ok). */
    int recordedFailures() {
        return failed.cardinality();
    }

    public Path folder() {
        return folder;
    }

    /**
     * Step at the end of each line's part of the split: records its result in the run's state, if it keeps one. It
     * runs while the line still holds its permit of the concurrency throttle, so the next request starts only after the
     * result is in the file.
     */
    static void recordResult(Exchange exchange) {
        RunState state = of(exchange);
        FetchResult result = state == null ? null : exchange.getMessage().getBody(FetchResult.class);
        if (result != null) {
            try {
                state.record(result);
            } catch (UncheckedIOException e) {
                // The writer keeps the failure, and the aggregation stops the run with it (requireWritable): one error,
                // not one per line.
            }
        }
    }

    /** Records a new result (any outcome: one a resumed run fetches again is written too, and read as not done). */
    public void record(FetchResult result) {
        writer.append(result);
    }

    /** Fails, naming the file, when a result could not be written (a full disk): the run stops instead of going on unrecorded. */
    void requireWritable() {
        writer.requireWritable();
    }

    /**
     * Adds the recorded results of the done lines to the run's collector, once per run: the first call hands them
     * over, later ones add nothing. Reads them from the file, one at a time, so a long state costs no memory here.
     */
    synchronized void addRecordedTo(ResultCollector collector) {
        if (handedOver) {
            return;
        }
        handedOver = true;
        if (done.isEmpty()) {
            return;
        }
        Path results = folder.resolve(RESULTS_FILE);
        try (BufferedReader reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            String text;
            for (long ordinal = 0; ordinal < recordedLines && (text = reader.readLine()) != null; ordinal++) {
                Entry entry = peek(text);
                if (entry != null && isDone(entry.index) && lastRecord[entry.index] == ordinal) {
                    collector.add(JSON.readValue(text, FetchResult.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the recorded results of " + results + ": " + e.getMessage(), e);
        }
    }

    /** For a run that fetched nothing new (every line was done): a collector holding the recorded results. */
    ResultCollector collectorWithRecorded() {
        ResultCollector collector = emptyCollector.get();
        addRecordedTo(collector);
        return collector;
    }

    /**
     * Fsyncs and closes the results file and releases the folder: called once the run has ended, however. A process that
     * exits without it (a kill, System.exit) loses nothing that was recorded: each result is written as it is recorded,
     * so only the last second's sync is missing, which matters only if the machine goes down too.
     */
    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // releasing the lock: the process ends soon anyway, which releases it too
        }
    }

    // ----- opening

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                throw new java.nio.file.AccessDeniedException(folder.toString());
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("invalid fetch.state = '" + folder + "': it is a file, not a folder");
        } catch (IOException e) {
            throw new ConfigurationException("invalid fetch.state = '" + folder + "': cannot create or write the folder ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** One run at a time per folder: two appending to one file would mix their lines. */
    private static FileChannel lock(Path folder) {
        try {
            FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new ConfigurationException("the state folder " + folder + " is in use by another url-fetcher run;"
                        + " wait for it to end, or give another --state folder");
            }
            return channel;
        } catch (IOException e) {
            throw new ConfigurationException("cannot use the state folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Begins the state for this list, or checks it is the list the state was begun for. */
    private static void checkList(Path folder, ListFingerprint list, boolean reset, FileChannel results) throws IOException {
        Path listFile = folder.resolve(LIST_FILE);
        if (reset) {
            results.truncate(0);
            results.force(true);
            writeList(listFile, list);
            LOG.info("Began the state in {} afresh (--state-reset) for {}", folder, list.describe());
            return;
        }
        if (!Files.exists(listFile)) {
            if (results.size() > 0) {
                throw new ConfigurationException("the state folder " + folder + " has recorded results but no " + LIST_FILE
                        + ", so they cannot be matched to a list; give --state-reset to start afresh, or another --state folder");
            }
            writeList(listFile, list);
            return;
        }
        ListFingerprint recorded;
        try {
            recorded = JSON.readValue(listFile.toFile(), ListFingerprint.class);
        } catch (IOException e) {
            throw new ConfigurationException("the state folder " + folder + " has an unreadable " + LIST_FILE + " ("
                    + e.getMessage() + "); give --state-reset to start afresh", e);
        }
        if (!recorded.sameListAs(list)) {
            throw new ConfigurationException("the state folder " + folder + " belongs to another list: it was begun for "
                    + recorded.describe() + ", and this run reads " + list.describe() + "; give --state-reset to start"
                    + " afresh (its recorded results are then dropped), or another --state folder");
        }
    }

    /** Written whole under a temporary name, synced, then renamed: never half a fingerprint. */
    private static void writeList(Path listFile, ListFingerprint list) throws IOException {
        Path temp = listFile.resolveSibling(LIST_FILE + ".writing");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list)));
            out.force(true);
        }
        Files.move(temp, listFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A kill while a line was being written leaves it without its line end: it is cut away, so appends start clean. */
    private static void cutTornLastLine(Path results, FileChannel channel) throws IOException {
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

    /** What the results file says: which indexes are done, each one's last record. */
    private record Recorded(BitSet done, BitSet failed, int[] lastRecord, long lines) {
    }

    private record Entry(int index, Outcome outcome) {
    }

    static Recorded read(Path results) throws IOException {
        BitSet done = new BitSet();
        BitSet failed = new BitSet();
        int[] lastRecord = new int[0];
        long ordinal = 0;
        long unreadable = 0;
        try (BufferedReader reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            String text;
            for (; (text = reader.readLine()) != null; ordinal++) {
                Entry entry = peek(text);
                if (entry == null) {
                    unreadable++;
                    continue;
                }
                int index = entry.index;
                if (index >= lastRecord.length) {
                    int from = lastRecord.length;
                    lastRecord = Arrays.copyOf(lastRecord, Math.max(index + 1, lastRecord.length * 2));
                    Arrays.fill(lastRecord, from, lastRecord.length, -1);
                }
                if (ordinal > Integer.MAX_VALUE) {
                    throw new IOException("more than " + Integer.MAX_VALUE + " records");
                }
                lastRecord[index] = (int) ordinal; // a later record wins
                boolean isDone = !entry.outcome.fetchedAgainOnResume();
                done.set(index, isDone);
                failed.set(index, isDone && entry.outcome.isFailure());
            }
        }
        if (unreadable > 0) {
            LOG.warn("{} lines of {} are not results url-fetcher wrote; their lines, if any, are fetched again", unreadable,
                    results);
        }
        return new Recorded(done, failed, lastRecord, ordinal);
    }

    /**
     * The index and outcome of a result line, read without building the result; the whole line is parsed, so a
     * damaged one is null (never half read).
     */
    private static Entry peek(String text) {
        if (text.isBlank()) {
            return null;
        }
        try (JsonParser parser = JSON_FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int index = -1;
            String outcome = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    index = parser.getIntValue();
                } else if (name.equals("outcome") && value == JsonToken.VALUE_STRING) {
                    outcome = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null || index < 0 || outcome == null) {
                return null;
            }
            return new Entry(index, Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
