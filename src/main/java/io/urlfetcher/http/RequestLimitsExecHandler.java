package io.urlfetcher.http;

import io.urlfetcher.core.RunInterruptedException;
import io.urlfetcher.core.RunStop;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.TruncatedChunkException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a whole request, as the first element of HttpClient's exec chain (outside redirects, retries
 * and content decoding):
 * <ul>
 * <li>a hard wall-clock deadline. HttpClient's own timeouts only fire when no byte arrives for a
 * while, so a server dripping one byte a second would never trip them. At the deadline the request is
 * cancelled, which closes its connection; the I/O error that follows becomes a
 * {@link DeadlineExceededException}, or, when the connection was still in its TLS handshake, the handshake's own
 * failure ({@link ConnectionPhases.NoTlsAnswerException}: the server never answered in TLS);</li>
 * <li>a limit on the decoded body, counted while it is read: past it the connection is dropped (not
 * drained) and a {@link BodyTooLargeException} is thrown, so a gzip bomb or an endless body costs one
 * buffer of memory.</li>
 * </ul>
 * It also stamps the end of the body on the URL's {@link PhaseClock}: here the body's end is the decoded stream's.
 * <p>
 * When the run is stopped ({@link RunStop}), a request still in flight at the end of the grace is aborted the same
 * way, and its I/O error becomes a {@link RunInterruptedException}.
 * <p>
 * The deadlines are kept in one set of the requests in flight, which one periodic task on the scheduler sweeps every
 * hundredth of the deadline (1 to {@value #MAX_SWEEP_MILLIS} ms): a deadline passes that much late at most. A task
 * scheduled and cancelled per request cost more, each under the scheduler's one queue lock, taken by every fetch thread.
 */
final class RequestLimitsExecHandler implements ExecChainHandler {

    /** Context attribute: {@link System#nanoTime()} at which the request's deadline passes; read by the retry strategy. */
    static final String DEADLINE_NANOS = "url-fetcher.deadline-nanos";
    /** Context attribute: the run's {@link RunStop}, whose grace also bounds retries; read by the retry strategy. */
    static final String RUN_STOP = "url-fetcher.run-stop";

    /** The longest time between two sweeps of the deadlines. */
    static final long MAX_SWEEP_MILLIS = 20;

    private final ScheduledExecutorService scheduler;
    private final long deadlineMillis;
    private final long maxBodyBytes;
    private final RunStop runStop;
    private final long sweepMillis;
    /** The guards of the requests in flight, until they are disarmed or their deadline passes. */
    private final Set<Guard> armed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    RequestLimitsExecHandler(ScheduledExecutorService scheduler, long deadlineMillis, long maxBodyBytes) {
        this(scheduler, deadlineMillis, maxBodyBytes, null);
    }

    /** @param runStop the run's stop switch, or null for none */
    RequestLimitsExecHandler(ScheduledExecutorService scheduler, long deadlineMillis, long maxBodyBytes, RunStop runStop) {
        this.scheduler = scheduler;
        this.deadlineMillis = deadlineMillis;
        this.maxBodyBytes = maxBodyBytes;
        this.runStop = runStop;
        this.sweepMillis = Math.max(1, Math.min(deadlineMillis / 100, MAX_SWEEP_MILLIS));
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        if (!(scope.originalRequest instanceof Cancellable cancellable)) {
            return chain.proceed(request, scope);
        }
        Guard guard = new Guard(cancellable, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis),
                ConnectionPhases.Handshake.watch(scope.clientContext));
        scope.clientContext.setAttribute(DEADLINE_NANOS, guard.deadlineNanos);
        if (runStop != null) {
            scope.clientContext.setAttribute(RUN_STOP, runStop);
        }
        guard.arm();
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            guard.disarm();
            throw guard.translate(e);
        } catch (HttpException e) {
            guard.disarm();
            throw e;
        } catch (RuntimeException e) {
            guard.disarm();
            if (guard.isAborted()) {
                // The abort released the connection under the exec chain, which then fails with an
                // IllegalStateException ("Endpoint not acquired / already released"), not an I/O error: it is the
                // abort's failure all the same (else the line would be an internal_error, done for a resumed run).
                throw guard.translate(new IOException("the request was aborted: " + e, e));
            }
            throw e;
        }
        HttpEntity entity = response.getEntity();
        PhaseClock clock = PhaseTimingExecHandler.clock(scope.clientContext);
        if (entity == null) {
            guard.disarm();
        } else {
            // The body is read after this returns: keep the guard until it is read or closed.
            response.setEntity(new HttpEntityWrapper(entity) {
                @Override
                public InputStream getContent() throws IOException {
                    return new GuardedInputStream(super.getContent(), guard, maxBodyBytes, clock);
                }
            });
        }
        return response;
    }

    /** Passes the deadlines that are due; started by the first request, it runs as long as the scheduler. */
    private void sweep() {
        long now = System.nanoTime();
        for (Guard guard : armed) {
            if (now - guard.deadlineNanos >= 0 && armed.remove(guard)) {
                try {
                    guard.deadlinePassed();
                } catch (RuntimeException e) {
                    // One request's failed abort must not end the sweep, which every other deadline relies on.
                }
            }
        }
    }

    private final class Guard {
        private final Cancellable request;
        private final long deadlineNanos;
        private final AtomicBoolean deadlinePassed = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean aborted = new AtomicBoolean();
        private final ConnectionPhases.Handshake handshake;
        /** How long the TLS handshake under way at the deadline had run, or -1 when none was. */
        private volatile long handshakeMillisAtDeadline = -1;
        private volatile RunStop.Registration inFlight;

        Guard(Cancellable request, long deadlineNanos, ConnectionPhases.Handshake handshake) {
            this.request = request;
            this.deadlineNanos = deadlineNanos;
            this.handshake = handshake;
        }

        void arm() {
            if (runStop != null) {
                inFlight = runStop.whileInFlight(() -> {
                    if (!deadlinePassed.get()) { // whichever comes first names the failure
                        stopped.set(true);
                        abort();
                    }
                });
            }
            armed.add(this);
            if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
                try {
                    scheduler.scheduleWithFixedDelay(RequestLimitsExecHandler.this::sweep, sweepMillis, sweepMillis,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) { // a scheduler shut down: no request goes without a deadline
                    sweeping.set(false);
                    disarm();
                    throw e;
                }
            }
        }

        /** Run by the sweep, once, if the guard was not disarmed before its deadline. */
        void deadlinePassed() {
            if (!stopped.get()) {
                handshakeMillisAtDeadline = handshake.runningMillis(System.nanoTime()); // before the abort ends it
                deadlinePassed.set(true);
                abort();
            }
            if (inFlight != null) { // a body never read nor closed is no longer in flight either
                inFlight.close();
            }
        }

        void disarm() {
            armed.remove(this);
            if (inFlight != null) {
                inFlight.close();
            }
        }

        /** Drops the connection at once: closing normally would drain the rest of the body first. */
        void abort() {
            aborted.set(true);
            request.cancel();
        }

        boolean isAborted() {
            return aborted.get();
        }

        IOException translate(IOException e) {
            if (e instanceof BodyTooLargeException || ConnectionPhases.noTlsAnswer(e)) {
                return e; // failures of their own, whatever abort followed them
            }
            IOException why;
            if (deadlinePassed.get()) {
                // A server still silent in the TLS handshake when time ran out failed the handshake, as at the
                // handshake timeout: with --timeout as long as that timeout, the deadline always passes first.
                long handshakeMillis = handshakeMillisAtDeadline;
                why = handshakeMillis >= 0 ? new ConnectionPhases.NoTlsAnswerException(handshakeMillis, deadlineMillis)
                        : new DeadlineExceededException(deadlineMillis);
            } else if (stopped.get()) {
                why = new RunInterruptedException(runStop.reason(), runStop.grace().toMillis());
            } else {
                return e;
            }
            why.initCause(e);
            return why;
        }
    }

    private static final class GuardedInputStream extends FilterInputStream {
        private final Guard guard;
        private final long limit;
        private final PhaseClock clock;
        private long count;
        private boolean ended;

        GuardedInputStream(InputStream in, Guard guard, long limit, PhaseClock clock) {
            super(in);
            this.guard = guard;
            this.limit = limit;
            this.clock = clock;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            } catch (ConnectionClosedException | TruncatedChunkException e) {
                guard.disarm();
                IOException translated = guard.translate(e);
                throw translated != e ? translated : new BodyCutShortException(count, e);
            } catch (IOException e) {
                guard.disarm();
                throw guard.translate(e);
            }
            if (n < 0) {
                ended = true;
                bodyEnded();
                guard.disarm();
                return n;
            }
            count += n;
            if (count > limit) {
                guard.disarm();
                guard.abort();
                throw new BodyTooLargeException(limit);
            }
            return n;
        }

        private void bodyEnded() {
            if (clock != null) {
                clock.bodyEnded(System.nanoTime());
            }
        }

        /**
         * Closed before its end (the body's copy failed, its decoding did), the connection is dropped rather than
         * drained: what is left of the body may be large, and a connection whose end was not read is never reused.
         */
        @Override
        public void close() throws IOException {
            bodyEnded(); // a no-op after the last byte was read: the clock keeps the first end
            guard.disarm();
            if (!ended) {
                guard.abort();
            }
            try {
                super.close();
            } catch (IOException e) {
                if (!guard.isAborted()) { // after an abort the close fails on the dropped connection: nothing to add
                    throw guard.translate(e);
                }
            }
        }
    }
}
