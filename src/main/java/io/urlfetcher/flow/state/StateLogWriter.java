package io.urlfetcher.flow.state;

import io.urlfetcher.FetchResult;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Appends results as JSON Lines (the JSON of a {@code --format jsonl} report line) to a run's state file, durably
 * without paying a sync per result. Each line goes to the operating system as it is appended (one write, about 3 µs),
 * so a process that is killed loses only the lines still in flight; a timer fsyncs the file every {@code syncEvery}
 * (one second in a run), so a machine that crashes loses at most that last second. Stopped by {@link #close()},
 * which syncs the rest.
 * <p>
 * Writing each line at once, rather than buffering a second's worth, is what keeps a line from being fetched twice
 * after a kill: the fetch flow records a result before the line gives up its place among the requests in flight, so
 * its result is in the file before another request takes that place.
 */
final class StateLogWriter implements AutoCloseable {

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final Path path;
    private final FileOutputStream out;
    private final FileDescriptor file;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "url-fetcher-state");
        thread.setDaemon(true);
        return thread;
    });
    private volatile IOException failure; // read by requireWritable for every result, without the lock
    private boolean closed;

    /**
     * Opens the file to append to. A stream, not a FileChannel: a channel is closed for good when a thread using it is
     * interrupted, and the split's threads may be interrupted when a run is stopped.
     */
    StateLogWriter(Path path, Duration syncEvery) throws IOException {
        this.path = path;
        this.out = new FileOutputStream(path.toFile(), true);
        this.file = out.getFD();
        long every = syncEvery.toMillis();
        timer.scheduleWithFixedDelay(this::sync, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds one result; fails (naming the file) when the file cannot be written, now or at the last sync. Called by the
     * split's threads at once: each turns its result into JSON by itself, and only the write takes turns.
     */
    void append(FetchResult result) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        try {
            JSON.writeValue(line, result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write result " + result.index() + " as JSON", e);
        }
        line.write('\n');
        synchronized (this) {
            try {
                if (failure != null) {
                    throw failure;
                }
                if (closed) {
                    throw new IOException("the state was already closed");
                }
                line.writeTo(out); // one write: a kill leaves a whole line or a cut one, which the reader drops
            } catch (IOException e) {
                failure = e;
                throw new UncheckedIOException("could not write the run state to " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Fails, naming the file, when an append or a sync has failed. */
    void requireWritable() {
        IOException failed = failure;
        if (failed != null) {
            throw new UncheckedIOException("could not write the run state to " + path + ": " + failed.getMessage(), failed);
        }
    }

    /** The timer's work, beside the appends (a sync and a write do not wait for each other). */
    private void sync() {
        try {
            file.sync();
        } catch (IOException e) {
            synchronized (this) {
                if (!closed) { // else close() synced it
                    failure = e;
                }
            }
        }
    }

    /** Stops the timer, fsyncs what was written and closes the file. Safe to call more than once. */
    @Override
    public void close() {
        timer.shutdown(); // not shutdownNow: no interrupt in the middle of a sync
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                file.sync();
            } catch (IOException e) {
                failure = failure != null ? failure : e;
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    failure = failure != null ? failure : e;
                }
            }
            if (failure != null) {
                throw new UncheckedIOException("could not write the run state to " + path + ": " + failure.getMessage(),
                        failure);
            }
        }
    }
}
