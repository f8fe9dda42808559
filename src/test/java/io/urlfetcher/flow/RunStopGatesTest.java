package io.urlfetcher.flow;

import io.urlfetcher.core.NotStartedException;
import io.urlfetcher.core.RunStop;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link RunStop} on its own: its gates around the limits, and the end of the grace for requests in flight. */
@Timeout(20)
class RunStopGatesTest {

    private final ScheduledThreadPoolExecutor timer = FetchExecutors.deadlineTimer();
    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aThreadWaitingInTheLimitsIsWokenAndItsLineIsNotStartedWithoutAnInterruptLeft() throws Exception {
        RunStop stop = new RunStop(Duration.ofSeconds(5), timer);
        Semaphore neverReleased = new Semaphore(0);
        Exchange exchange = new DefaultExchange(context);
        CompletableFuture<Boolean> line = CompletableFuture.supplyAsync(() -> {
            stop.enterLimits(exchange);
            try {
                neverReleased.acquire(); // as a throttle waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as Camel's rate throttle does
                exchange.setException(e);
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            }
            stop.afterFailure(exchange);
            return Thread.currentThread().isInterrupted();
        });
        await("the line waiting in the throttle").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(neverReleased::hasQueuedThreads);

        stop.stop("SIGTERM");

        assertThat(line.get(10, TimeUnit.SECONDS)).as("the interrupt is cleared once the line left the limits").isFalse();
        assertThat(exchange.getProperty(Exchange.EXCEPTION_CAUGHT)).isInstanceOf(NotStartedException.class)
                .hasFieldOrPropertyWithValue("message", "the run was stopped (SIGTERM) before this line was requested");
        assertThat(exchange.getExchangeExtension().isInterrupted()).as("Camel keeps routing the exchange").isFalse();
    }

    @Test
    void afterTheStopNoLineEntersOrLeavesTheLimits() {
        RunStop stop = new RunStop(Duration.ofSeconds(5), timer);
        Exchange exchange = new DefaultExchange(context);
        stop.enterLimits(exchange);
        stop.leaveLimits(exchange); // running: through
        stop.notStopping(exchange); // running: through

        stop.stop("SIGINT");

        assertThat(stop.isStopping()).isTrue();
        assertThatThrownBy(() -> stop.enterLimits(exchange)).isInstanceOf(NotStartedException.class);
        assertThatThrownBy(() -> stop.leaveLimits(exchange)).isInstanceOf(NotStartedException.class);
        assertThatThrownBy(() -> stop.notStopping(exchange)).isInstanceOf(NotStartedException.class);
        assertThat(stop.stop("SIGTERM")).isFalse();
        assertThat(stop.reason()).isEqualTo("SIGINT");
    }

    @Test
    void requestsInFlightAreAbortedAtTheEndOfTheGraceAndOnesThatEndedAreNot() throws Exception {
        RunStop stop = new RunStop(Duration.ofMillis(200), timer);
        AtomicInteger aborted = new AtomicInteger();
        CompletableFuture<Void> abortedOnce = new CompletableFuture<>();
        RunStop.Registration stillRunning = stop.whileInFlight(() -> {
            aborted.incrementAndGet();
            abortedOnce.complete(null);
        });
        stop.whileInFlight(() -> aborted.addAndGet(100)).close(); // ended before the grace did
        assertThat(stop.inFlight()).isEqualTo(1);
        assertThat(stop.graceEndNanos()).isEqualTo(Long.MAX_VALUE);

        stop.stop("SIGTERM");

        abortedOnce.get(10, TimeUnit.SECONDS);
        assertThat(aborted.get()).isEqualTo(1);
        stillRunning.close();
        stop.whileInFlight(aborted::incrementAndGet); // started as the grace ended: aborted at once
        assertThat(aborted.get()).isEqualTo(2);
    }
}
