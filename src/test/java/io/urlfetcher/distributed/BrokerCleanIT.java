package io.urlfetcher.distributed;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.TestProcesses;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches that end clean on a real Artemis broker, through the packaged jar: a submitter stopped mid-batch takes its
 * queued jobs back, the messages of a killed one expire, a worker without a broker exits, and its health says when the
 * broker is gone.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SlowTest
class BrokerCleanIT {

    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path dir;

    private TestBroker broker;
    private LocalTargetServer server;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
        server = LocalTargetServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            TestProcesses.stop(process, Duration.ofSeconds(10));
        }
        server.close();
        broker.close();
    }

    @Test
    void aSubmitterStoppedMidBatchReportsWhatCameBackAndALaterWorkerFindsNoStaleJob() throws Exception {
        Process first = startWorker("worker-1", "--concurrency", "2");
        Process submit = startJar("submit", "submit", "--broker", broker.url(), "--urls", urls("stale", 60, 400).toString(),
                "--quiet", "--grace", "2s", "--result-timeout", "5s");
        await("the batch is under way (4 requests)").atMost(WAIT_LIMIT).pollInterval(POLL)
                .until(() -> server.requestCount() >= 4 || !submit.isAlive());

        long signalled = System.nanoTime();
        submit.destroy(); // SIGTERM
        boolean exited = submit.waitFor(30, TimeUnit.SECONDS);
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

        assertThat(exited).as("submit exits after SIGTERM").isTrue();
        assertThat(submit.exitValue()).as(read("submit.err")).isEqualTo(143);
        // Within its grace (2 s) and the time to take its queued jobs back, not Camel's 20 s shutdown.
        assertThat(stopMillis).as(read("submit.err")).isLessThan(10_000);
        JsonNode report = onlyReport();
        assertThat(report.get("urls").asInt()).isEqualTo(60);
        assertThat(DistributedBatchTest.indices(report)).containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
        JsonNode outcomes = report.get("outcomes");
        assertThat(outcomes.path("not_started").asInt()).as(outcomes.toString()).isGreaterThan(30);
        assertThat(outcomes.path("ok").asInt() + outcomes.path("not_started").asInt() + outcomes.path("interrupted").asInt())
                .as(outcomes.toString()).isEqualTo(60);
        assertThat(outcomes.path("interrupted").asInt()).as(outcomes.toString()).isLessThanOrEqualTo(2);
        assertThat(read("submit.err")).contains("stopped by SIGTERM", "not_started");
        assertThat(broker.count("fetch.jobs")).as("jobs left on the broker").isZero();

        TestProcesses.stop(first, Duration.ofSeconds(20));
        int staleRequests = requests("stale");
        Process second = startWorker("worker-2", "--concurrency", "2");
        // A fresh batch goes through the same queue after anything stale: once its report is in, a stale job would have been fetched.
        Process fresh = startJar("fresh", "submit", "--broker", broker.url(), "--urls", urls("fresh", 3, 0).toString(),
                "--quiet", "--sink", "file:fresh-reports");
        assertThat(fresh.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fresh.exitValue()).as(read("fresh.err")).isZero();

        assertThat(requests("fresh")).isEqualTo(3);
        assertThat(requests("stale")).as("stale jobs fetched by the later worker").isEqualTo(staleRequests);
        assertThat(second.isAlive()).isTrue();
        // A result of a job worker-1 still had when the submitter stopped expires with the batch's result timeout (5 s).
        await("the stopped batch's results are gone").atMost(WAIT_LIMIT).pollInterval(Duration.ofMillis(500))
                .until(() -> broker.count("fetch.results") == 0);
        System.out.printf("submit stopped by SIGTERM in %d ms: %s; %d requests of the stopped batch, none after%n",
                stopMillis, outcomes, staleRequests);
    }

    @Test
    void theJobsOfAKilledSubmitterExpireOnTheBroker() throws Exception {
        Process submit = startJar("submit", "submit", "--broker", broker.url(), "--urls", urls("killed", 20, 0).toString(),
                "--quiet", "--result-timeout", "3s");
        await("20 jobs are queued").atMost(WAIT_LIMIT).pollInterval(POLL)
                .until(() -> broker.count("fetch.jobs") == 20 || !submit.isAlive());
        submit.destroyForcibly(); // kill -9: it takes nothing back
        assertThat(submit.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try (JMSContext jms = broker.jms()) {
            Message job = (Message) jms.createBrowser(jms.createQueue("fetch.jobs")).getEnumeration().nextElement();
            assertThat(job.getJMSExpiration() - job.getJMSTimestamp()).isEqualTo(3000);
        }

        // Artemis moves each job to its expiry queue once its 3 s are over (it scans every second here).
        await("the killed submitter's jobs expire into the expiry queue").atMost(WAIT_LIMIT).pollInterval(Duration.ofMillis(250))
                .until(() -> broker.count("fetch.jobs") == 0 && broker.count("ExpiryQueue") == 20);
        startWorker("worker", "--concurrency", "2");
        Process fresh = startJar("fresh", "submit", "--broker", broker.url(), "--urls", urls("fresh", 2, 0).toString(),
                "--quiet", "--sink", "file:fresh-reports");
        assertThat(fresh.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(requests("fresh")).isEqualTo(2);
        assertThat(requests("killed")).isZero();
    }

    @Test
    void aWorkerThatCannotReachItsBrokerExitsThreeWithinItsWait() throws Exception {
        String nowhere = "tcp://127.0.0.1:" + freePort();
        long started = System.nanoTime();
        Process worker = startJar("worker", "worker", "--broker", nowhere, "--broker-wait", "2s");
        boolean exited = worker.waitFor(60, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(exited).isTrue();
        assertThat(worker.exitValue()).as(read("worker.err")).isEqualTo(3);
        assertThat(read("worker.err")).contains("broker " + nowhere + " did not answer within 2s (--broker-wait)");
        // The JVM and Camel start, then 2 s of waiting: bounded, where it used to retry for ever.
        assertThat(millis).isLessThan(30_000);
        System.out.printf("a worker with no broker exited 3 after %d ms (--broker-wait 2s)%n", millis);
    }

    @Test
    void healthSaysDownWhileTheBrokerIsGoneForLongerThanTheThreshold() throws Exception {
        int port = freePort();
        startWorker("worker", "--http-port", String.valueOf(port), "--broker-down-after", "2s");
        await("health is UP").atMost(WAIT_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> health(port).statusCode() == 200);

        long stopped = System.nanoTime(); // before: the clients see the disconnect as the broker begins to stop
        broker.stop();
        await("health is DOWN").atMost(WAIT_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> health(port).statusCode() == 503);
        long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        HttpResponse<String> down = health(port);

        assertThat(downMillis).isGreaterThanOrEqualTo(2000);
        // The JSON escapes the slashes of tcp://: the host and port name the broker.
        assertThat(down.body()).contains("url-fetcher-broker", "DOWN", "has not answered for",
                "127.0.0.1:" + broker.port(), "server shutdown");
        // Said once, not at every retry of every consumer.
        assertThat(occurrences(read("worker.err"), "does not answer")).isEqualTo(1);
        assertThat(read("worker.err")).doesNotContain("Could not refresh JMS Connection");

        broker.startAgain();
        await("health is UP again").atMost(WAIT_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> health(port).statusCode() == 200);
        assertThat(read("worker.err")).contains("answers again");
        System.out.printf("health DOWN %d ms after the broker stopped (--broker-down-after 2s): %s%n", downMillis, down.body());
    }

    private static HttpResponse<String> health(int port) throws IOException, InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            return new HttpResponse<>() { // not listening yet
                public int statusCode() { return 0; }
                public HttpRequest request() { return null; }
                public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
                public java.net.http.HttpHeaders headers() { return null; }
                public String body() { return ""; }
                public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
                public URI uri() { return null; }
                public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
            };
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** A list whose URLs carry a name ({@code ?batch=NAME&job=i}), so the server's log tells the batches apart. */
    private Path urls(String name, int count, int delayMillis) throws IOException {
        return Files.write(dir.resolve(name + ".txt"), IntStream.range(0, count)
                .mapToObj(i -> server.uri("/delay/" + delayMillis + "?batch=" + name + "&job=" + i).toString()).toList());
    }

    private int requests(String batch) {
        return (int) server.received().stream().filter(r -> r.query() != null && r.query().startsWith("batch=" + batch + "&"))
                .count();
    }

    private JsonNode onlyReport() throws IOException {
        try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            List<Path> files = reports.toList();
            assertThat(files).hasSize(1);
            return new ObjectMapper().readTree(files.get(0).toFile());
        }
    }

    private Process startWorker(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "--broker", broker.url()));
        Collections.addAll(args, more);
        Process worker = startJar(name, args.toArray(String[]::new));
        await(name + " consumes jobs (or exits)").atMost(WAIT_LIMIT).pollInterval(POLL)
                .until(() -> read(name + ".err").contains("consumers of fetch.jobs") || !worker.isAlive());
        assertThat(worker.isAlive()).as(read(name + ".err")).isTrue();
        return worker;
    }

    private Process startJar(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString()));
        Collections.addAll(command, args);
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.add(process);
        return process;
    }

    private String read(String file) {
        try {
            Path path = dir.resolve(file);
            return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
