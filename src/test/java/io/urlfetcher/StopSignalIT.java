package io.urlfetcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM and Ctrl-C (SIGINT) sent to the packaged jar mid-batch, as a user, systemd or Kubernetes sends them: the run
 * stops starting URLs, writes its report with every line once, and exits 143 or 130. Every process is bounded in time.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StopSignalIT {

    /** A hang guard, not a timing assertion: the stopped runs here end within a few seconds. */
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(20);
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LocalTargetServer server;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = LocalTargetServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    @Test
    void sigtermMidBatchWritesTheReportWithEveryLineOnceAndExits143() throws Exception {
        Process run = start(urls(2000, "/delay/50"), "--concurrency", "20");
        TestProcesses.await(() -> server.requestCount() >= 2000 / 3, run, START_LIMIT);
        assertThat(server.requestCount()).as("a third of the batch was requested").isGreaterThanOrEqualTo(2000 / 3);

        int requestedBeforeStop = server.requestCount();
        run.destroy(); // SIGTERM

        assertThat(exits(run)).isEqualTo(143);
        JsonNode report = report();
        JsonNode results = report.get("results");
        assertThat(results).hasSize(2000);
        List<Integer> indices = new ArrayList<>();
        results.forEach(r -> indices.add(r.get("index").asInt()));
        assertThat(indices).containsExactlyElementsOf(IntStream.range(0, 2000).boxed().toList());
        Map<String, Integer> outcomes = outcomes(report);
        assertThat(outcomes.keySet()).isSubsetOf("ok", "not_started", "interrupted");
        int ok = outcomes.getOrDefault("ok", 0);
        int notStarted = outcomes.getOrDefault("not_started", 0);
        int interrupted = outcomes.getOrDefault("interrupted", 0);
        assertThat(ok + notStarted + interrupted).isEqualTo(2000);
        assertThat(notStarted).as("the stop came a third of the way in").isPositive();
        assertThat(server.requestCount()).as("nothing was fetched without a result saying so").isEqualTo(ok + interrupted);
        String stderr = stderr();
        assertThat(stderr).contains("url-fetcher: SIGTERM: stopping: ", " in flight, waiting up to 5 s; Ctrl-C again to stop at once",
                "url-fetcher: stopped by SIGTERM: " + (ok + interrupted) + " done, " + notStarted + " not_started, "
                + interrupted + " interrupted; report: reports/");
        System.out.printf("SIGTERM after %d of 2000 requests: %d ok, %d not_started, %d interrupted%n",
                requestedBeforeStop, ok, notStarted, interrupted);
    }

    @Test
    void ctrlCExits130() throws Exception {
        Process run = start(urls(300, "/delay/100"), "--concurrency", "5", "--format", "jsonl");
        TestProcesses.await(() -> server.requestCount() >= 10, run, START_LIMIT);

        signal(run, "INT");

        assertThat(exits(run)).isEqualTo(130);
        assertThat(stderr()).contains("url-fetcher: SIGINT: stopping: ", "url-fetcher: stopped by SIGINT: ");
        // JSON Lines: one line per result, then the summary line.
        List<String> lines = Files.readAllLines(reportFile(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(301);
        assertThat(lines.get(300)).contains("\"not_started\"");
    }

    @Test
    void requestsStillInFlightAfterTheGraceAreInterruptedAndTheRunEnds() throws Exception {
        Process run = start(urls(30, "/delay/30000"), "--concurrency", "10", "--grace", "1s");
        TestProcesses.await(() -> server.requestCount() >= 5, run, START_LIMIT);

        run.destroy();

        assertThat(exits(run)).isEqualTo(143);
        Map<String, Integer> outcomes = outcomes(report());
        assertThat(outcomes.get("interrupted")).isEqualTo(server.requestCount());
        assertThat(outcomes.get("not_started")).isEqualTo(30 - server.requestCount());
        assertThat(stderr()).contains("waiting up to 1 s");
    }

    @Test
    void aSecondSignalStopsAtOnceWhileTheGraceRuns() throws Exception {
        Process run = start(urls(30, "/delay/30000"), "--concurrency", "10", "--grace", "2m");
        TestProcesses.await(() -> server.requestCount() >= 5, run, START_LIMIT);
        run.destroy();
        TestProcesses.await(() -> stderr().contains("stopping: "), run, EXIT_LIMIT);
        assertThat(run.isAlive()).as("the first signal waits for the requests in flight (grace 2m)").isTrue();

        run.destroy();

        assertThat(exits(run)).isEqualTo(143);
        assertThat(stderr()).contains("url-fetcher: SIGTERM again: stopping at once, without a report");
    }

    private Process start(Path urls, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("urlfetcher.jar", "target/url-fetcher.jar"), "--urls", urls.toString(), "--quiet"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        processes.add(process);
        return process;
    }

    private Path urls(int count, String path) throws IOException {
        // A query per line, so the server's log shows which lines were requested.
        return Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, count)
                .mapToObj(i -> server.uri(path + "?line=" + i).toString()).collect(Collectors.joining("\n", "", "\n")));
    }

    /** {@code kill -SIGNAL pid}: Process has no way to send SIGINT. */
    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private int exits(Process process) throws Exception {
        boolean exited = process.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(exited).as("the process ends within %s after the signal; stderr: %s", EXIT_LIMIT, stderr()).isTrue();
        return process.exitValue();
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private Path reportFile() throws IOException {
        try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            List<Path> files = reports.toList();
            assertThat(files).as("one report, under its final name").hasSize(1);
            return files.get(0);
        }
    }

    private JsonNode report() throws IOException {
        return new ObjectMapper().readTree(reportFile().toFile());
    }

    private static Map<String, Integer> outcomes(JsonNode report) {
        Map<String, Integer> counts = new HashMap<>();
        report.get("outcomes").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }
}
