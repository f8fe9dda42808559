package io.urlfetcher;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hard wall-clock deadline for a whole request: connection, headers, redirects and the body.
 * HttpClient's own timeouts only fire when no byte arrives for a while, so a server that drips one
 * byte a second would never trip them. At the deadline the request is cancelled, which closes its
 * connection; the I/O error that follows is replaced by a {@link DeadlineExceededException}.
 */
final class DeadlineExecHandler implements ExecChainHandler {

    private final ScheduledExecutorService scheduler;
    private final long deadlineMillis;

    DeadlineExecHandler(ScheduledExecutorService scheduler, long deadlineMillis) {
        this.scheduler = scheduler;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        if (!(scope.originalRequest instanceof Cancellable cancellable)) {
            return chain.proceed(request, scope);
        }
        Deadline deadline = new Deadline(cancellable);
        deadline.arm();
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            deadline.disarm();
            throw deadline.translate(e);
        } catch (HttpException | RuntimeException e) {
            deadline.disarm();
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            deadline.disarm();
        } else {
            // The body is read after this returns: keep the deadline armed until it is read or closed.
            response.setEntity(new HttpEntityWrapper(entity) {
                @Override
                public InputStream getContent() throws IOException {
                    return new DeadlineInputStream(super.getContent(), deadline);
                }
            });
        }
        return response;
    }

    private final class Deadline {
        private final Cancellable request;
        private final AtomicBoolean fired = new AtomicBoolean();
        private ScheduledFuture<?> timer;

        Deadline(Cancellable request) {
            this.request = request;
        }

        void arm() {
            timer = scheduler.schedule(this::fire, deadlineMillis, TimeUnit.MILLISECONDS);
        }

        private void fire() {
            fired.set(true);
            request.cancel();
        }

        void disarm() {
            timer.cancel(false);
        }

        IOException translate(IOException e) {
            if (!fired.get()) {
                return e;
            }
            DeadlineExceededException exceeded = new DeadlineExceededException(deadlineMillis);
            exceeded.initCause(e);
            return exceeded;
        }
    }

    private static final class DeadlineInputStream extends FilterInputStream {
        private final Deadline deadline;

        DeadlineInputStream(InputStream in, Deadline deadline) {
            super(in);
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b < 0) {
                    deadline.disarm();
                }
                return b;
            } catch (IOException e) {
                throw deadline.translate(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    deadline.disarm();
                }
                return n;
            } catch (IOException e) {
                throw deadline.translate(e);
            }
        }

        @Override
        public void close() throws IOException {
            deadline.disarm();
            try {
                super.close();
            } catch (IOException e) {
                throw deadline.translate(e);
            }
        }
    }
}
