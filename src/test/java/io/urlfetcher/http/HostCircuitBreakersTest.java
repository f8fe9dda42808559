package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.urlfetcher.http.HostCircuitBreakers.Verdict.FAILURE;
import static io.urlfetcher.http.HostCircuitBreakers.Verdict.NEUTRAL;
import static io.urlfetcher.http.HostCircuitBreakers.Verdict.SILENCE;
import static io.urlfetcher.http.HostCircuitBreakers.Verdict.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HostCircuitBreakersTest {

    private static final String DEAD = "127.0.0.1:1234";
    private static final String ALIVE = "127.0.0.1:8080";

    private final MutableClock clock = new MutableClock();
    private final HostCircuitBreakers breakers = new HostCircuitBreakers(3, Duration.ofSeconds(30),
            Duration.ofMinutes(1), clock);

    @Test
    void opensAfterNFailuresInARowAndSaysWhy() {
        fail(DEAD, 2);
        assertThat(breakers.admit(DEAD).permitted()).isTrue();
        fail(DEAD, 1);

        HostCircuitBreakers.Admission refused = breakers.admit(DEAD);
        assertThat(refused.permitted()).isFalse();
        assertThat(refused.reason()).isEqualTo("host 127.0.0.1:1234 failed 3 times in a row (timeout); not requested");
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aResponseResetsTheCount() {
        fail(DEAD, 2);
        breakers.record(breakers.admit(DEAD), SUCCESS, Outcome.HTTP_ERROR);
        fail(DEAD, 2);
        assertThat(breakers.admit(DEAD).permitted()).isTrue();
        fail(DEAD, 1);
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
    }

    @Test
    void neutralEndsNeitherCountNorReset() {
        fail(DEAD, 2);
        breakers.record(breakers.admit(DEAD), NEUTRAL, Outcome.DNS_FAILURE);
        fail(DEAD, 1);
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
    }

    @Test
    void letsOneProbeThroughAfterTheCooldownAndClosesWhenItIsAnswered() {
        fail(DEAD, 3);
        clock.advance(Duration.ofSeconds(29));
        assertThat(breakers.admit(DEAD).permitted()).isFalse();

        clock.advance(Duration.ofMillis(1001)); // resilience4j lets the probe through once the cool-down is over
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        assertThat(probe.permitted()).isTrue();
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breakers.admit(DEAD).permitted()).as("only one probe at a time").isFalse();

        breakers.record(probe, SUCCESS, Outcome.OK);
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.admit(DEAD).permitted()).isTrue();
        fail(DEAD, 2);
        assertThat(breakers.admit(DEAD).permitted()).as("the count started again").isTrue();
    }

    @Test
    void aFailedProbeOpensTheBreakerForAnotherCooldown() {
        fail(DEAD, 3);
        clock.advance(Duration.ofMillis(30_001));
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        assertThat(probe.permitted()).isTrue();

        breakers.record(probe, FAILURE, Outcome.CONNECTION_REFUSED);
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.admit(DEAD).reason()).contains("(connection_refused)");
        clock.advance(Duration.ofSeconds(29));
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
        clock.advance(Duration.ofMillis(1001));
        assertThat(breakers.admit(DEAD).permitted()).isTrue();
    }

    @Test
    void aProbeThatEndsNeutralGivesItsTurnToTheNextUrl() {
        fail(DEAD, 3);
        clock.advance(Duration.ofMillis(30_001));
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        breakers.record(probe, NEUTRAL, Outcome.BLOCKED);
        assertThat(breakers.admit(DEAD).permitted()).isTrue();
    }

    @Test
    void aProbeNeverReportedIsTakenForLostAndTheHostIsProbedAgain() {
        fail(DEAD, 3);
        clock.advance(Duration.ofMillis(30_001));
        assertThat(breakers.admit(DEAD).permitted()).as("the probe, whose run then stops").isTrue();

        clock.advance(Duration.ofSeconds(60));
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
        assertThat(breakers.state(DEAD)).as("open again, for another cool-down").isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofMillis(30_001));
        assertThat(breakers.admit(DEAD).permitted()).as("a new probe").isTrue();
    }

    @Test
    void otherCountsShareTheCooldown() {
        HostCircuitBreakers two = breakers.withFailures(2);
        for (int i = 0; i < 2; i++) {
            two.record(two.admit(DEAD), FAILURE, Outcome.TIMEOUT);
        }
        assertThat(two.admit(DEAD).reason()).isEqualTo("host 127.0.0.1:1234 failed 2 times in a row (timeout); not requested");
        clock.advance(Duration.ofMillis(30_001));
        assertThat(two.admit(DEAD).permitted()).isTrue();
        assertThat(breakers.withFailures(0).enabled()).isFalse();
    }

    @Test
    void eachCallsCountHasOneSetOfBreakersSharedByTheCallsThatAskForIt() {
        assertThat(breakers.forCount(-1)).as("the setting").isSameAs(breakers);
        assertThat(breakers.forCount(3)).as("the setting's count").isSameAs(breakers);
        assertThat(breakers.forCount(0).enabled()).as("off").isFalse();
        HostCircuitBreakers two = breakers.forCount(2);
        assertThat(two.failures()).isEqualTo(2);
        assertThat(breakers.forCount(2)).as("a second call asking for 2").isSameAs(two);
    }

    @Test
    void hostsAreIndependent() {
        fail(DEAD, 3);
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
        assertThat(breakers.admit(ALIVE).permitted()).isTrue();
        assertThat(breakers.admit("127.0.0.1:1235").permitted()).isTrue();
        assertThat(breakers.state(ALIVE)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void zeroTurnsThemOff() {
        HostCircuitBreakers off = new HostCircuitBreakers(0, Duration.ofSeconds(30), Duration.ofMinutes(1), clock);
        for (int i = 0; i < 100; i++) {
            HostCircuitBreakers.Admission admitted = off.admit(DEAD);
            assertThat(admitted.permitted()).isTrue();
            off.record(admitted, FAILURE, Outcome.TIMEOUT);
        }
        assertThat(off.enabled()).isFalse();
        assertThat(HostCircuitBreakers.OFF.admit(DEAD).permitted()).isTrue();
    }

    @Test
    void resetClosesEveryBreaker() {
        fail(DEAD, 3);
        breakers.reset();
        assertThat(breakers.admit(DEAD).permitted()).isTrue();
    }

    @Test
    void responseTimeoutsOfAHostThatAnsweredWithinTheCooldownDoNotCount() {
        breakers.record(breakers.admit(ALIVE), SUCCESS, Outcome.OK);
        clock.advance(Duration.ofSeconds(29));
        silence(ALIVE, 10);
        assertThat(breakers.admit(ALIVE).permitted()).isTrue();
        assertThat(breakers.state(ALIVE)).isEqualTo(CircuitBreaker.State.CLOSED);

        clock.advance(Duration.ofSeconds(2)); // the answer is older than the cool-down now
        silence(ALIVE, 3);
        assertThat(breakers.state(ALIVE)).as("silence alone opened it: probed at once")
                .isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void responseTimeoutsAloneLetAProbeThroughAtOnceAndTheOtherUrlsWaitForIt() throws Exception {
        silence(DEAD, 3);
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        assertThat(probe.permitted()).as("no cool-down").isTrue();
        assertThat(probe.probe()).isTrue();

        CompletableFuture<HostCircuitBreakers.Admission> waiting = CompletableFuture.supplyAsync(() -> breakers.admit(DEAD));
        await("the second URL waits for the probe").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> !waiting.isDone());
        breakers.record(probe, SUCCESS, Outcome.OK);

        HostCircuitBreakers.Admission next = waiting.get(5, TimeUnit.SECONDS);
        assertThat(next.permitted()).as("the host answered").isTrue();
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aQuickProbeThatTimesOutTooTurnsTheWaitingUrlsAwayForTheCooldown() throws Exception {
        silence(DEAD, 3);
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        CompletableFuture<HostCircuitBreakers.Admission> waiting = CompletableFuture.supplyAsync(() -> breakers.admit(DEAD));
        await("the second URL waits for the probe").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> !waiting.isDone());
        breakers.record(probe, SILENCE, Outcome.TIMEOUT);

        assertThat(waiting.get(5, TimeUnit.SECONDS).permitted()).isFalse();
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(29));
        assertThat(breakers.admit(DEAD).permitted()).as("a whole cool-down now").isFalse();
    }

    @Test
    void urlsLetThroughBeforeTheBreakerOpenedDoNotDecideForTheProbe() {
        HostCircuitBreakers.Admission late = breakers.admit(DEAD); // in flight while three others time out
        silence(DEAD, 3);
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        breakers.record(late, SILENCE, Outcome.TIMEOUT);
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breakers.record(probe, SUCCESS, Outcome.OK);
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anAnswerToAUrlLetThroughBeforeTheBreakerOpenedEndsTheWait() throws Exception {
        HostCircuitBreakers.Admission late = breakers.admit(DEAD);
        silence(DEAD, 3);
        HostCircuitBreakers.Admission probe = breakers.admit(DEAD);
        CompletableFuture<HostCircuitBreakers.Admission> waiting = CompletableFuture.supplyAsync(() -> breakers.admit(DEAD));
        await("the second URL waits for the probe").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> !waiting.isDone());

        breakers.record(late, SUCCESS, Outcome.OK);
        assertThat(waiting.get(5, TimeUnit.SECONDS).permitted()).isTrue();
        breakers.record(probe, SILENCE, Outcome.TIMEOUT);
        assertThat(breakers.admit(DEAD).permitted()).as("the host answered within the cool-down").isTrue();
    }

    @Test
    void aNeutralEndOfAUrlLetThroughBeforeTheBreakerOpenedKeepsTheOneProbe() {
        fail(DEAD, 1);
        HostCircuitBreakers.Admission late = breakers.admit(DEAD); // let through by the breaker, closed then
        fail(DEAD, 2);
        clock.advance(Duration.ofMillis(30_001));
        assertThat(breakers.admit(DEAD).permitted()).as("the probe").isTrue();
        breakers.record(late, NEUTRAL, Outcome.DNS_FAILURE);
        assertThat(breakers.admit(DEAD).permitted()).as("still one probe at a time").isFalse();
    }

    @Test
    void aDeadHostSignalAmongTheTimeoutsMeansAWholeCooldown() {
        silence(DEAD, 2);
        fail(DEAD, 1);
        assertThat(breakers.state(DEAD)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.admit(DEAD).permitted()).isFalse();
    }

    private void silence(String host, int times) {
        for (int i = 0; i < times; i++) {
            HostCircuitBreakers.Admission admitted = breakers.admit(host);
            assertThat(admitted.permitted()).isTrue();
            breakers.record(admitted, SILENCE, Outcome.TIMEOUT);
        }
    }

    private void fail(String host, int times) {
        for (int i = 0; i < times; i++) {
            HostCircuitBreakers.Admission admitted = breakers.admit(host);
            assertThat(admitted.permitted()).isTrue();
            breakers.record(admitted, FAILURE, Outcome.TIMEOUT);
        }
    }

    /** A clock the test moves by hand, so cool-downs pass without waiting. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
