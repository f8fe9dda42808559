package io.urlfetcher.core;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.demo.LocalServerExtension;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fetch flow stopped mid-batch through its {@link RunStop}, as the standalone command's signal handler does. */
@Timeout(60)
@CamelMainTest(configurationClasses = FetchConfiguration.class,
               properties = { "fetch.concurrency=10", "fetch.grace=1s", "fetch.timeout=30s" })
class RunStopTest {

    private static final long CALL_LIMIT_SECONDS = 20;
    private static final Duration CALL_LIMIT = Duration.ofSeconds(CALL_LIMIT_SECONDS);
    /** Polled often: the stop must come soon after the awaited count, while most lines are still unstarted. */
    private static final Duration POLL = Duration.ofMillis(5);

    @BeanInject
    ProducerTemplate template;

    @BeanInject
    RunStop runStop;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void aStopMidBatchReportsEveryLineOnceAndFetchesNoLineAfterIt() throws Exception {
        CompletableFuture<BatchReport> run = fetch("direct:fetch-parallel", server.urlList("127.0.0.1", 300, "/delay/20"));
        await("the server to see 60 requests").atMost(CALL_LIMIT).pollInterval(POLL)
                .until(() -> server.requestCount() >= 60);

        assertThat(runStop.stop("test")).isTrue();
        assertThat(runStop.stop("again")).as("the first stop counts").isFalse();
        BatchReport report = run.get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);

        assertThat(report.results()).extracting(FetchResult::index).containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        Map<Outcome, Long> outcomes = report.outcomes();
        assertThat(outcomes).containsOnlyKeys(Outcome.OK, Outcome.NOT_STARTED);
        assertThat(outcomes.get(Outcome.OK)).as("every request the server saw is an ok result")
                .isEqualTo(server.requestCount());
        assertThat(outcomes.get(Outcome.NOT_STARTED)).isGreaterThan(100);
        FetchResult notStarted = report.results().stream().filter(r -> r.outcome() == Outcome.NOT_STARTED).findFirst().orElseThrow();
        assertThat(notStarted.error()).isEqualTo("the run was stopped (test) before this line was requested");
        assertThat(notStarted.thread()).as("never requested: no time in the latency summary").isNull();
        assertThat(notStarted.timings()).isNull();
    }

    @Test
    void requestsStillInFlightWhenTheGraceEndsAreInterrupted() throws Exception {
        CompletableFuture<BatchReport> run = fetch("direct:fetch-parallel", server.urlList("127.0.0.1", 24, "/delay/30000"));
        await("the server to see 5 requests").atMost(CALL_LIMIT).pollInterval(POLL)
                .until(() -> server.requestCount() >= 5);

        runStop.stop("test");
        BatchReport report = run.get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);

        assertThat(report.results()).hasSize(24);
        assertThat(report.outcomes().get(Outcome.INTERRUPTED)).isEqualTo(server.requestCount());
        assertThat(report.outcomes().get(Outcome.NOT_STARTED)).isEqualTo(24L - server.requestCount());
        FetchResult interrupted = report.results().stream().filter(r -> r.outcome() == Outcome.INTERRUPTED).findFirst().orElseThrow();
        assertThat(interrupted.error()).startsWith("interrupted: the run was stopped (test) and this"
                                                   + " request did not finish within the 1000 ms grace");
        assertThat(interrupted.thread()).isNotNull();
    }

    @Test
    void aStopCutsTheWaitsInTheRateLimit() throws Exception {
        // One request a second: nine lines wait in the rate limit's throttle, each for its turn.
        CompletableFuture<BatchReport> run = fetch("kamelet:url-fetch-action?concurrency=10&rate=1",
                server.urlList("127.0.0.1", 30, "/delay/1"));
        await("the server to see 2 requests").atMost(CALL_LIMIT).pollInterval(POLL)
                .until(() -> server.requestCount() >= 2);

        long stoppedAt = System.nanoTime();
        runStop.stop("test");
        BatchReport report = run.get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);

        // Without the cut the waiting lines would still start one a second (28 s); a bound well under that:
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(10));
        assertThat(report.results()).extracting(FetchResult::index).containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
        assertThat(report.outcomes().get(Outcome.OK)).isEqualTo(server.requestCount());
        assertThat(report.outcomes().get(Outcome.NOT_STARTED)).isEqualTo(30L - server.requestCount());
    }

    @Test
    void aStopCutsTheWaitsInThePerHostLimit() throws Exception {
        CompletableFuture<BatchReport> run = fetch("kamelet:url-fetch-action?concurrency=10&perHost=1",
                server.urlList("127.0.0.1", 10, "/delay/30000"));
        await("the server to see 1 request").atMost(CALL_LIMIT).pollInterval(POLL)
                .until(() -> server.requestCount() >= 1);

        runStop.stop("test");
        BatchReport report = run.get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);

        assertThat(report.outcomes()).containsEntry(Outcome.INTERRUPTED, 1L).containsEntry(Outcome.NOT_STARTED, 9L);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aRunStoppedBeforeItBeganRequestsNothing() throws Exception {
        runStop.stop("test");

        BatchReport report = fetch("direct:fetch-sequential", server.urlList("127.0.0.1", 5, "/bytes/1") + "\nnot a url")
                .get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);

        assertThat(report.results()).extracting(FetchResult::outcome).containsExactly(Outcome.NOT_STARTED,
                Outcome.NOT_STARTED, Outcome.NOT_STARTED, Outcome.NOT_STARTED, Outcome.NOT_STARTED, Outcome.INVALID_URL);
        assertThat(server.requestCount()).isZero();
    }

    private CompletableFuture<BatchReport> fetch(String endpoint, String list) {
        return CompletableFuture.supplyAsync(() -> template.requestBody(endpoint, list, BatchReport.class));
    }
}
