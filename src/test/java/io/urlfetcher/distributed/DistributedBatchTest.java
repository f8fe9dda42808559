package io.urlfetcher.distributed;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch through a real Artemis broker: submitted by the command line, fetched by a worker (in this JVM
 * here; as separate processes in ScaleOutIT), reported with every line exactly once.
 */
@Timeout(90)
@SlowTest
class DistributedBatchTest {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @TempDir
    Path dir;

    private TestBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void aWorkerFetchesEveryJobAndTheReportHasEachLineOnceInListOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        IntStream.range(0, 12).forEach(i -> lines.add(server.url("/delay/50?job=" + i)));
        lines.add(5, "not a url");
        lines.add("ftp://127.0.0.1/file");
        Path urls = Files.write(dir.resolve("urls.txt"), lines);

        try (InProcessWorker worker = new InProcessWorker(workerProperties())) {
            CommandRunner.Run run = submit(urls);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("distributed: 14 URLs, 1 worker sent results");
            JsonNode report = onlyReport();
            assertThat(report.get("mode").asText()).isEqualTo("distributed");
            assertThat(report.get("urls").asInt()).isEqualTo(14);
            assertThat(report.get("workers").asInt()).isEqualTo(1);
            assertThat(indices(report)).containsExactlyElementsOf(IntStream.range(0, 14).boxed().toList());
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(12);
            JsonNode invalid = report.get("results").get(5);
            assertThat(invalid.get("line").asInt()).isEqualTo(6);
            assertThat(invalid.get("outcome").asText()).isEqualTo("invalid_url");
            assertThat(report.get("results").get(13).get("outcome").asText()).isEqualTo("unsupported_scheme");
            JsonNode fetched = report.get("results").get(7);
            assertThat(fetched.get("url").asText()).endsWith("/delay/50?job=6");
            assertThat(fetched.get("line").asInt()).isEqualTo(8);
            assertThat(fetched.get("worker").asText()).contains("@");
            assertThat(fetched.get("deliveries").asInt()).isEqualTo(1);
            // The worker's phase timings came through the results queue as JSON.
            assertThat(fetched.get("timings").get("firstByte").asDouble()).isGreaterThanOrEqualTo(50.0);
            assertThat(report.get("firstByte").get("p50").asLong()).isGreaterThanOrEqualTo(50);
            // Only the fetchable lines became jobs, each fetched once.
            assertThat(server.requestCount()).isEqualTo(12);
        }
    }

    @Test
    void jsonLinesRequestsTravelWholeToTheWorkerAndTheirFieldsComeBack() throws Exception {
        Path requests = Files.write(dir.resolve("requests.jsonl"), List.of(
                "{\"url\": \"" + server.url("/echo/200") + "\", \"method\": \"POST\", \"headers\": {\"X-Tenant\": \"t9\"},"
                + " \"body\": {\"sku\": 42}, \"id\": \"sku-42\"}",
                "{\"url\": \"" + server.url("/bytes/3") + "\", \"outcome\": \"mine\"}",
                "{\"url\": \"" + server.url("/bytes/4") + "\", \"id\": \"plain\"}"));

        try (InProcessWorker worker = new InProcessWorker(workerProperties())) {
            CommandRunner.Run run = submit(requests);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            JsonNode results = onlyReport().get("results");
            assertThat(indices(onlyReport())).containsExactly(0, 1, 2);
            assertThat(results.get(0).get("outcome").asText()).isEqualTo("ok");
            assertThat(results.get(0).get("method").asText()).isEqualTo("POST");
            assertThat(results.get(0).get("id").asText()).isEqualTo("sku-42");
            assertThat(results.get(0).get("worker").asText()).contains("@");
            assertThat(results.get(1).get("outcome").asText()).isEqualTo("invalid_request");
            assertThat(results.get(1).get("error").asText()).startsWith("line 2: field \"outcome\"");
            assertThat(results.get(2).get("id").asText()).isEqualTo("plain");
            assertThat(results.get(2).has("method")).isFalse();
            assertThat(server.echoed()).singleElement().satisfies(echo -> {
                assertThat(echo).containsEntry("method", "POST").containsEntry("body", "{\"sku\":42}");
                assertThat(echo.get("headers").toString()).contains("x-tenant=t9", "content-type=application/json");
            });
        }
    }

    @Test
    void aJobThatFailsEveryDeliveryIsDeadLetteredAndReportedAtItsLine() throws Exception {
        Path urls = Files.write(dir.resolve("urls.txt"),
                List.of(server.url("/bytes/1"), server.url("/bytes/2"), server.url("/bytes/3")));
        CompletableFuture<CommandRunner.Run> submitted = CompletableFuture.supplyAsync(() -> submit(urls));

        // Before any worker runs, spoil one queued job: same place in the batch, but no URL in it.
        int spoiled;
        try (JMSContext jms = broker.jms()) {
            Message job = jms.createConsumer(jms.createQueue("fetch.jobs")).receive(30_000);
            assertThat(job).as("a job was queued").isNotNull();
            spoiled = job.getIntProperty(JobHeaders.INDEX);
            TextMessage empty = jms.createTextMessage("");
            for (String name : List.of(JobHeaders.BATCH, JobHeaders.INDEX, JobHeaders.LINE, JobHeaders.BATCH_START)) {
                empty.setObjectProperty(name, job.getObjectProperty(name));
            }
            jms.createProducer().send(jms.createQueue("fetch.jobs"), empty);
        }

        try (InProcessWorker worker = new InProcessWorker(workerProperties())) {
            CommandRunner.Run run = submitted.get(60, TimeUnit.SECONDS);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            JsonNode report = onlyReport();
            assertThat(indices(report)).containsExactly(0, 1, 2);
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(2);
            JsonNode dead = report.get("results").get(spoiled);
            assertThat(dead.get("outcome").asText()).isEqualTo("dead_letter");
            assertThat(dead.get("line").asInt()).isEqualTo(spoiled + 1);
            assertThat(dead.get("error").asText()).contains("dead-letter queue");
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void aResultThatArrivesTwiceCountsOnce() throws Exception {
        Path urls = Files.write(dir.resolve("urls.txt"), List.of(server.url("/bytes/1"), server.url("/bytes/2")));
        CompletableFuture<CommandRunner.Run> submitted = CompletableFuture.supplyAsync(() -> submit(urls));

        // The test plays a worker that sends index 0's result, dies before its commit, and is redelivered the job:
        // index 0's result arrives twice (the second time with another outcome).
        try (JMSContext jms = broker.jms(); JMSConsumer jobs = jms.createConsumer(jms.createQueue("fetch.jobs"))) {
            for (int received = 0; received < 2; received++) {
                Message job = jobs.receive(30_000);
                assertThat(job).as("a job was queued").isNotNull();
                sendResult(jms, job, "ok");
                if (job.getIntProperty(JobHeaders.INDEX) == 0) {
                    sendResult(jms, job, "timeout");
                }
            }
        }
        CommandRunner.Run run = submitted.get(60, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = onlyReport();
        assertThat(indices(report)).containsExactly(0, 1);
        assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(2);
        assertThat(report.get("outcomes").has("timeout")).isFalse();
    }

    private static void sendResult(JMSContext jms, Message job, String outcome) throws Exception {
        int index = job.getIntProperty(JobHeaders.INDEX);
        FetchResult result = FetchResult.unfetched(index, job.getIntProperty(JobHeaders.LINE), job.getBody(String.class),
                Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)), null, 1);
        TextMessage message = jms.createTextMessage(new ObjectMapper().writeValueAsString(result));
        for (String name : List.of(JobHeaders.BATCH, JobHeaders.INDEX, JobHeaders.LINE, JobHeaders.BATCH_START)) {
            message.setObjectProperty(name, job.getObjectProperty(name));
        }
        jms.createProducer().send(jms.createQueue("fetch.results"), message);
    }

    @Test
    void withNoWorkerEveryLineIsReportedAsNoResultAfterTheResultTimeout() throws Exception {
        Path urls = Files.write(dir.resolve("urls.txt"), List.of(server.url("/bytes/1"), "# comment", server.url("/bytes/2")));

        CommandRunner.Run run = submit(urls, "--result-timeout", "2s");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode report = onlyReport();
        assertThat(indices(report)).containsExactly(0, 1);
        assertThat(report.get("outcomes").get("no_result").asInt()).isEqualTo(2);
        assertThat(report.get("results").get(1).get("line").asInt()).isEqualTo(3);
        assertThat(report.get("results").get(1).get("error").asText()).contains("fetch.result-timeout", "fetch.jobs");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void submittingWithoutABrokerIsAUsageError() throws Exception {
        Path urls = Files.write(dir.resolve("urls.txt"), List.of(server.url("/bytes/1")));

        CommandRunner.Run run = CommandRunner.run("submit", "--urls", urls.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("needs a broker", "--broker tcp://HOST:61616", "--broker embedded");
        assertThat(server.requestCount()).isZero();
    }

    private Map<String, String> workerProperties() {
        return Map.of("fetch.broker-url", broker.url(), "fetch.concurrency", "4");
    }

    private CommandRunner.Run submit(Path urls, String... more) {
        List<String> args = new ArrayList<>(List.of("submit", "--broker", broker.url(), "--urls", urls.toString(),
                "--sink", "file:" + dir.resolve("reports")));
        args.addAll(List.of(more));
        return CommandRunner.run(args.toArray(String[]::new));
    }

    private JsonNode onlyReport() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
            List<Path> reports = files.toList();
            assertThat(reports).hasSize(1);
            return new ObjectMapper().readTree(reports.get(0).toFile());
        }
    }

    static List<Integer> indices(JsonNode report) {
        List<Integer> indices = new ArrayList<>();
        report.get("results").forEach(r -> indices.add(r.get("index").asInt()));
        return indices;
    }
}
