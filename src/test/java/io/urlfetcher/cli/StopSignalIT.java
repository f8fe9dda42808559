package io.urlfetcher.cli;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.demo.LocalTargetServer;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * SIGTERM and Ctrl-C (SIGINT) sent to the packaged jar mid-batch, as a user, systemd or Kubernetes sends them: the run
 * stops starting URLs, writes its report with every line once, and exits 143 or 130. Every process is bounded in time.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SlowTest
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
    void aRunStoppedBySigtermWithStateResumesAndFetchesOnlyTheLinesItDidNotFinish() throws Exception {
        Resumed resumed = stopWithSigtermAndResume();
        // The stop recorded every line it finished: only the interrupted ones are requested a second time.
        assertThat(server.requestCount()).isEqualTo(2000 + resumed.interrupted().size());
    }

    @Test
    void aRunStoppedBySigtermWithNoGraceResumesAndFetchesTheInterruptedLinesAgain() throws Exception {
        Resumed resumed = stopWithSigtermAndResume("--grace", "0s");
        assertThat(resumed.interrupted()).as("--grace 0s aborts the requests in flight").isNotEmpty();
        // An aborted request may not have reached the server before the abort: at most once more per interrupted line.
        assertThat(server.requestCount()).isBetween(2000, 2000 + resumed.interrupted().size());
    }

    /** The lines the first run reported interrupted; the lines it reported ok are in {@code ok}. */
    private record Resumed(Set<Integer> ok, Set<Integer> interrupted) {
    }

    /**
     * Runs 2,000 URLs of 50 ms with {@code --state}, sends SIGTERM a third of the way in, then runs the same command
     * again, and checks that the second run's report has every line once, all ok, and that no line the first run
     * finished was requested again.
     */
    private Resumed stopWithSigtermAndResume(String... moreOptions) throws Exception {
        Path urls = urls(2000, "/delay/50");
        List<String> options = new ArrayList<>(List.of("--concurrency", "20", "--state", dir.resolve("state").toString()));
        options.addAll(List.of(moreOptions));
        Process first = start(urls, options.toArray(String[]::new));
        TestProcesses.await(() -> server.requestCount() >= 2000 / 3, first, START_LIMIT);
        assertThat(server.requestCount()).as("a third of the batch was requested").isGreaterThanOrEqualTo(2000 / 3);

        first.destroy(); // SIGTERM

        assertThat(exits(first)).isEqualTo(143);
        Path firstReport = reportFile();
        JsonNode stopped = new ObjectMapper().readTree(firstReport.toFile());
        assertThat(stopped.get("results")).hasSize(2000);
        Map<String, Set<Integer>> linesByOutcome = new HashMap<>();
        stopped.get("results").forEach(r -> linesByOutcome.computeIfAbsent(r.get("outcome").asText(), o -> new HashSet<>())
                .add(r.get("index").asInt()));
        assertThat(linesByOutcome.keySet()).isSubsetOf("ok", "not_started", "interrupted");
        Set<Integer> ok = linesByOutcome.getOrDefault("ok", Set.of());
        Set<Integer> interrupted = linesByOutcome.getOrDefault("interrupted", Set.of());
        assertThat(linesByOutcome.get("not_started")).as("the stop came a third of the way in").isNotEmpty();
        int requestedByFirst = server.requestCount();
        Files.delete(firstReport); // so that the resumed run's report is the one left

        Process second = start(urls, options.toArray(String[]::new));

        assertThat(second.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("the resumed run ends; %s", stderr()).isTrue();
        assertThat(second.exitValue()).as(stderr()).isZero();
        assertThat(stderr()).contains("Resuming from ", ": " + ok.size() + " lines already done");
        JsonNode report = report();
        JsonNode results = report.get("results");
        assertThat(results).hasSize(2000);
        assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(2000);
        List<Integer> indices = new ArrayList<>();
        results.forEach(r -> {
            indices.add(r.get("index").asInt());
            assertThat(r.get("outcome").asText()).isEqualTo("ok");
            assertThat(r.get("url").asText()).endsWith("line=" + r.get("index").asInt());
        });
        assertThat(indices).containsExactlyElementsOf(IntStream.range(0, 2000).boxed().toList());
        Map<Integer, Long> requestsPerLine = server.received().stream().collect(Collectors.groupingBy(
                r -> Integer.parseInt(r.query().substring("line=".length())), Collectors.counting()));
        assertThat(requestsPerLine).as("every line was requested").hasSize(2000);
        assertThat(requestsPerLine.values()).allMatch(n -> n <= 2);
        List<Integer> twice = requestsPerLine.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).toList();
        assertThat(twice).as("only lines the first run reported interrupted are requested twice").isSubsetOf(interrupted);
        System.out.printf("SIGTERM with --state %s after %d of 2000 requests: %d ok, %d interrupted; %d requests in all%n",
                String.join(" ", moreOptions), requestedByFirst, ok.size(), interrupted.size(), server.requestCount());
        return new Resumed(ok, interrupted);
    }

    @Test
    void ctrlCExits130() throws Exception {
        // A process started in the background by a non-interactive shell ignores SIGINT, and so do its children: the
        // JVM then installs no handler for it (measured: the run ends 0 as if never signalled).
        assumeFalse(sigintIgnored(), "SIGINT is ignored by this process (started in the background), so the jar would be");
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

    /** Bit 1 (SIGINT is signal 2) of the ignored-signals mask in /proc/self/status. */
    static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 2L) != 0);
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
