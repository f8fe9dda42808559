package io.urlfetcher.flow.state;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;
import io.urlfetcher.FetchResult;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.core.UrlLine;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The state of a resumable run ({@code fetch.state}): a {@link StateFolder} with the list's {@link ListFingerprint}
 * and every result recorded as it completed (JSON Lines, appended by a {@link StateLogWriter}). Opened before the
 * batch, it knows which lines are done ({@link RecordedResults}); the fetch flow then
 * <ol>
 * <li>leaves those lines out of the split ({@link RunStateSteps#skipRecordedLines}),</li>
 * <li>records each new result ({@link RunStateSteps#recordResult}, a step at the end of each line's part of the
 * split),</li>
 * <li>hands the recorded results to the run's {@link ResultCollector} ({@link #addRecordedTo}), so the report has
 * every line once,</li>
 * </ol>
 * and {@link #close()} fsyncs and closes the file when the run ends, however it ends. It travels with the
 * batch as the exchange property {@value ExchangeProperties#RUN_STATE}: a call of the Kamelet without it (an
 * embedding host, a worker, the watch route) is not affected. Which runs may keep a state is {@link StateSupport}'s
 * to say.
 */
public final class RunState implements AutoCloseable {

    static final Duration SYNC_EVERY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class);

    private final StateFolder folder;
    private final StateLogWriter writer;
    private final Supplier<ResultCollector> emptyCollector;
    private final RecordedResults recorded;
    private boolean handedOver;

    private RunState(StateFolder folder, StateLogWriter writer, Supplier<ResultCollector> emptyCollector,
                     RecordedResults recorded) {
        this.folder = folder;
        this.writer = writer;
        this.emptyCollector = emptyCollector;
        this.recorded = recorded;
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
        StateFolder stateFolder = StateFolder.take(folder);
        try {
            Path results = stateFolder.results();
            FileChannel channel = FileChannel.open(results, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try (channel) {
                stateFolder.checkList(list, reset, channel);
                RecordedResults.cutTornLastLine(results, channel);
            }
            RecordedResults recorded = RecordedResults.read(results);
            RunState state = new RunState(stateFolder, new StateLogWriter(results, SYNC_EVERY), emptyCollector, recorded);
            if (recorded.lines() > 0) {
                LOG.info("Resuming from {}: {} lines already done ({} failed), the rest is fetched", folder,
                        recorded.done(), recorded.failures());
            }
            return state;
        } catch (IOException e) {
            stateFolder.close();
            throw new ConfigurationException("cannot use the state folder " + folder + " (--state / fetch.state): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stateFolder.close();
            throw e;
        }
    }

    /**
     * Refuses fetch.state where resuming makes no sense (compare mode, a distributed batch); see
     * {@link StateSupport#requireSupported(String, FetchMode)}.
     */
    public static void requireSupported(String state, FetchMode mode) {
        StateSupport.requireSupported(state, mode);
    }


    /** Refuses fetch.state in a long-running mode (worker, --watch): each of its batches is its own. */
    public static void refuseIn(String state, String mode) {
        StateSupport.refuseIn(state, mode);
    }

    /** The run's state, or null when the run keeps none. */
    public static RunState of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.RUN_STATE, RunState.class);
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
        return recorded.isDone(index);
    }

    /** Lines done in earlier runs. */
    public int recordedDone() {
        return recorded.done();
    }

    /** Of those, the lines whose result is a failure (not ok). */
    public int recordedFailures() {
        return recorded.failures();
    }

    /** Records a new result (any outcome: one a resumed run fetches again is written too, and read as not done). */
    void record(FetchResult result) {
        writer.append(result);
    }

    /** Fails, naming the file, when a result could not be written (a full disk): the run stops instead of going on unrecorded. */
    public void requireWritable() {
        writer.requireWritable();
    }

    /**
     * Adds the recorded results of the done lines to the run's collector, once per run: the first call hands them
     * over, later ones add nothing. Reads them from the file, one at a time, so a long state costs no memory here.
     */
    public synchronized void addRecordedTo(ResultCollector collector) {
        if (handedOver) {
            return;
        }
        handedOver = true;
        recorded.addTo(collector);
    }

    /** For a run that fetched nothing new (every line was done): a collector holding the recorded results. */
    public ResultCollector collectorWithRecorded() {
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
            folder.close();
        }
    }
}
