package io.urlfetcher.http;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.RunInterruptedException;
import io.urlfetcher.core.RunStop;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An abort (the end of a stopped run's grace, or the deadline) releases the connection under HttpClient's exec chain,
 * which may then fail with an IllegalStateException instead of an I/O error: it is still the abort's failure,
 * {@code interrupted} or {@code timeout}, not an {@code internal_error} (which a resumed run would count as done).
 * Seen in StopSignalIT with {@code --grace 0s}, about once in twenty runs.
 */
@Timeout(30)
class RequestLimitsExecHandlerTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void anEndpointReleasedByTheStopsAbortIsInterrupted() throws Exception {
        RunStop runStop = new RunStop(Duration.ZERO, scheduler);
        RequestLimitsExecHandler handler = new RequestLimitsExecHandler(scheduler, 60_000, 1_000_000, runStop);
        AbortableGet request = new AbortableGet();

        Throwable failure = catchThrowable(() -> handler.execute(request, scope(request), (r, s) -> {
            runStop.stop("SIGTERM"); // grace 0s: the request in flight is aborted at once, on the scheduler
            throw request.releasedUnderIt();
        }));

        assertThat(failure).isInstanceOf(RunInterruptedException.class).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(new FailureClassifier().classify(failure)).isEqualTo(Outcome.INTERRUPTED);
    }

    @Test
    void anEndpointReleasedByTheDeadlinesAbortIsATimeout() throws Exception {
        RequestLimitsExecHandler handler = new RequestLimitsExecHandler(scheduler, 1, 1_000_000, null);
        AbortableGet request = new AbortableGet();

        Throwable failure = catchThrowable(() -> handler.execute(request, scope(request), (r, s) -> {
            throw request.releasedUnderIt();
        }));

        assertThat(failure).isInstanceOf(DeadlineExceededException.class);
        assertThat(new FailureClassifier().classify(failure)).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void theSweepAbortsOnlyTheRequestsStillInFlightAtTheirDeadline() throws Exception {
        RequestLimitsExecHandler handler = new RequestLimitsExecHandler(scheduler, 50, 1_000_000, null);
        AbortableGet ended = new AbortableGet();
        handler.execute(ended, scope(ended), (r, s) -> new BasicClassicHttpResponse(204)); // no entity: disarmed
        AbortableGet late = new AbortableGet();

        Throwable failure = catchThrowable(() -> handler.execute(late, scope(late), (r, s) -> {
            throw late.releasedUnderIt();
        }));

        assertThat(failure).isInstanceOf(DeadlineExceededException.class);
        assertThat(ended.cancelled.getCount()).as("the request that ended in time was not aborted").isOne();
    }

    @Test
    void anIllegalStateWithoutAnAbortIsLeftAsItIs() {
        RequestLimitsExecHandler handler = new RequestLimitsExecHandler(scheduler, 60_000, 1_000_000, null);
        AbortableGet request = new AbortableGet();
        IllegalStateException bug = new IllegalStateException("a bug");

        Throwable failure = catchThrowable(() -> handler.execute(request, scope(request), (r, s) -> {
            throw bug;
        }));

        assertThat(failure).isSameAs(bug);
        assertThat(new FailureClassifier().classify(failure)).isEqualTo(Outcome.INTERNAL_ERROR);
    }

    private static ExecChain.Scope scope(HttpGet request) {
        // The handler uses neither the route nor the runtime; the scope wants both.
        ExecRuntime runtime = (ExecRuntime) Proxy.newProxyInstance(ExecRuntime.class.getClassLoader(),
                new Class<?>[] {ExecRuntime.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ExecChain.Scope("ex-1", new HttpRoute(new HttpHost("127.0.0.1", 9)), request, runtime,
                HttpClientContext.create());
    }

    /** A GET whose cancellation a test can wait for, as the exec chain's thread would notice it. */
    private static final class AbortableGet extends HttpGet {
        private final CountDownLatch cancelled = new CountDownLatch(1);

        AbortableGet() {
            super("http://127.0.0.1:9/");
        }

        @Override
        public boolean cancel() {
            boolean first = super.cancel();
            cancelled.countDown();
            return first;
        }

        /** Waits for the abort, then fails as InternalExecRuntime does once the abort has released its endpoint. */
        IllegalStateException releasedUnderIt() {
            try {
                assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the request was aborted").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new IllegalStateException("Endpoint not acquired / already released");
        }
    }
}
