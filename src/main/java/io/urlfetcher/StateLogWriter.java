package io.urlfetcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Appends results as JSON Lines (the JSON of a {@code --format jsonl} report line) to a run's state file, durably
 * without paying a sync per result: a line goes to the operating system after every {@value #FLUSH_EVERY_RESULTS}
 * results, and a timer flushes and fsyncs every {@code syncEvery} (one second in a run). A process that is killed
 * loses only what was still in its buffer (at most a second's or 1,000 results); a machine that crashes, at most the
 * last second. Stopped by {@link #close()}, which flushes and syncs the rest.
 */
final class StateLogWriter implements AutoCloseable {

    static final int FLUSH_EVERY_RESULTS = 1000;
    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "url-fetcher-state");
        thread.setDaemon(true);
        return thread;
    });
    private int unflushed;
    private IOException failure;
    private boolean closed;

    /** @param channel open for writing at the end of the file; closed by {@link #close()} */
    StateLogWriter(Path path, FileChannel channel, Duration syncEvery) {
        this.path = path;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        long every = syncEvery.toMillis();
        timer.scheduleWithFixedDelay(this::sync, every, every, TimeUnit.MILLISECONDS);
    }

    /** Adds one result; fails (naming the file) when the file cannot be written, now or at the last flush. */
    synchronized void append(FetchResult result) {
        try {
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new IOException("the state was already closed");
            }
            out.write(JSON.writeValueAsBytes(result));
            out.write('\n');
            if (++unflushed >= FLUSH_EVERY_RESULTS) {
                out.flush();
                unflushed = 0;
            }
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("could not write the run state to " + path + ": " + e.getMessage(), e);
        }
    }

    /** The timer's work: everything written so far to the OS, then to the disk (outside the lock: appends go on). */
    private void sync() {
        synchronized (this) {
            if (closed || failure != null) {
                return;
            }
            try {
                out.flush();
                unflushed = 0;
            } catch (IOException e) {
                failure = e; // the next append reports it
                return;
            }
        }
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            // closed meanwhile: close() synced it
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        }
    }

    /** Stops the timer, flushes and fsyncs what is left, and closes the file. Safe to call more than once. */
    @Override
    public void close() {
        timer.shutdownNow();
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
                out.flush();
                channel.force(true);
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
