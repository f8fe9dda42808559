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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
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
 * {@code --every} in the packaged jar, against a server on 127.0.0.1: one report a round, named and marked with its
 * round; the list read again each round; a long round delays the next and never runs beside it; SIGTERM ends the round
 * under way as it ends a batch (its report, exit 143) and no round follows. Every process is bounded in time.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SlowTest
class RoundsIT {

    /** A hang guard, not a timing assertion. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

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
            TestProcesses.stop(process, Duration.ofSeconds(10));
        }
        server.close();
    }

    @Test
    void threeRoundsEverySecondWriteThreeReportsNamedAndMarkedWithTheirRound() throws Exception {
        Process run = start(list("urls.txt", 5, "/bytes/10", "a"), "--every", "1s", "--rounds", "3");

        assertThat(exits(run)).as(stderr()).isZero();
        List<Path> files = reportFiles();
        assertThat(files).hasSize(3);
        for (int round = 1; round <= 3; round++) {
            assertThat(files.get(round - 1).getFileName().toString())
                    .matches("url-fetcher-\\d{8}-\\d{6}-\\d{3}-round-" + round + "\\.json");
            JsonNode report = JSON.readTree(files.get(round - 1).toFile());
            assertThat(report.get("round").asInt()).isEqualTo(round);
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(5);
            assertThat(stdout()).contains("round " + round + " of 3, started ");
        }
        List<Instant> starts = files.stream().map(RoundsIT::startedAt).toList();
        // The timer fires a period after the fire before; its first fire comes as Camel starts, and the first round
        // runs once the list and the sink are checked, a moment later.
        assertThat(Duration.between(starts.get(1), starts.get(2))).isGreaterThan(Duration.ofMillis(900));
        assertThat(Duration.between(starts.get(0), starts.get(2))).isGreaterThan(Duration.ofMillis(1000));
        assertThat(server.requestCount()).isEqualTo(15);
    }

    @Test
    void aListEditedBetweenRoundsIsFetchedAsEditedInTheNextRound() throws Exception {
        Path list = list("urls.txt", 3, "/bytes/10", "a");
        Process run = start(list, "--every", "3s", "--rounds", "2");
        TestProcesses.await(() -> reportCount() == 1, run, LIMIT);
        assertThat(reportCount()).as("round 1's report; %s", stderr()).isEqualTo(1);

        Path edited = list("urls.tmp", 4, "/bytes/20", "b");
        Files.move(edited, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(exits(run)).as(stderr()).isZero();
        Map<String, Long> requestsPerList = server.received().stream()
                .collect(Collectors.groupingBy(r -> r.query().substring(0, "list=a".length()), Collectors.counting()));
        assertThat(requestsPerList).containsExactlyInAnyOrderEntriesOf(Map.of("list=a", 3L, "list=b", 4L));
        List<Path> files = reportFiles();
        assertThat(JSON.readTree(files.get(0).toFile()).get("urls").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(files.get(1).toFile()).get("urls").asInt()).isEqualTo(4);
    }

    @Test
    void aRoundLongerThanTheIntervalDelaysTheNextWhichNeverRunsBesideIt() throws Exception {
        Process run = start(list("urls.txt", 4, "/delay/1500", "a"), "--every", "1s", "--rounds", "3",
                "--concurrency", "4");

        assertThat(exits(run)).as(stderr()).isZero();
        assertThat(server.requestCount()).isEqualTo(12);
        assertThat(server.peakInFlight()).as("one round's requests at a time, never two rounds'").isEqualTo(4);
        List<JsonNode> reports = new ArrayList<>();
        for (Path file : reportFiles()) {
            reports.add(JSON.readTree(file.toFile()));
        }
        assertThat(reports).hasSize(3);
        for (int i = 1; i < reports.size(); i++) {
            Instant previousEnd = Instant.parse(reports.get(i - 1).get("startedAt").asText())
                    .plusMillis(reports.get(i - 1).get("totalMillis").asLong());
            assertThat(Instant.parse(reports.get(i).get("startedAt").asText())).isAfterOrEqualTo(previousEnd);
        }
        assertThat(stderr()).contains("round 1 took ", "longer than --every 1.000 s: round 2 starts now, after it");
    }

    @Test
    void sigtermMidRoundWritesThatRoundsReportExits143AndNoRoundFollows() throws Exception {
        // 400 URLs of 50 ms at 10 in flight: about 2 s a round, every 1 s, so round 2 follows round 1 at once.
        Process run = start(list("urls.txt", 400, "/delay/50", "a"), "--every", "1s", "--concurrency", "10");
        TestProcesses.await(() -> server.requestCount() >= 400 + 100, run, LIMIT);
        assertThat(server.requestCount()).as("round 2 is under way; %s", stderr()).isGreaterThanOrEqualTo(500);

        run.destroy(); // SIGTERM

        assertThat(exits(run)).isEqualTo(143);
        List<Path> files = reportFiles();
        assertThat(files).as("round 1's report and the stopped round 2's, no round 3").hasSize(2);
        JsonNode first = JSON.readTree(files.get(0).toFile());
        assertThat(first.get("outcomes").get("ok").asInt()).isEqualTo(400);
        JsonNode stopped = JSON.readTree(files.get(1).toFile());
        assertThat(stopped.get("round").asInt()).isEqualTo(2);
        List<Integer> indices = new ArrayList<>();
        stopped.get("results").forEach(r -> indices.add(r.get("index").asInt()));
        assertThat(indices).as("every line once").containsExactlyElementsOf(IntStream.range(0, 400).boxed().toList());
        Map<String, Integer> outcomes = new HashMap<>();
        stopped.get("outcomes").fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asInt()));
        assertThat(outcomes.keySet()).isSubsetOf("ok", "not_started", "interrupted");
        assertThat(outcomes.get("not_started")).isPositive();
        int ok = outcomes.getOrDefault("ok", 0);
        int interrupted = outcomes.getOrDefault("interrupted", 0);
        assertThat(server.requestCount()).as("nothing fetched without a result saying so").isEqualTo(400 + ok + interrupted);
        assertThat(stdout()).contains("round 2, started ").doesNotContain("round 3");
        assertThat(stderr()).contains("url-fetcher: SIGTERM: stopping: ", "url-fetcher: stopped by SIGTERM: ");
    }

    @Test
    void sigtermBetweenRoundsExits143AtOnceWithoutAnotherRound() throws Exception {
        Process run = start(list("urls.txt", 3, "/bytes/10", "a"), "--every", "1h");
        TestProcesses.await(() -> reportCount() == 1, run, LIMIT);
        assertThat(reportCount()).as(stderr()).isEqualTo(1);

        run.destroy(); // SIGTERM

        assertThat(exits(run)).isEqualTo(143);
        assertThat(reportCount()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(stderr()).contains("url-fetcher: stopped by SIGTERM between rounds, after 1 round");
    }

    private Process start(Path urls, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("urlfetcher.jar", "target/url-fetcher.jar"), "--urls", urls.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        processes.add(process);
        return process;
    }

    /** {@code count} URLs of {@code path}, each with its list's name and its line in the query, for the server's log. */
    private Path list(String name, int count, String path, String listName) throws IOException {
        return Files.writeString(dir.resolve(name), IntStream.range(0, count)
                .mapToObj(i -> server.uri(path + "?list=" + listName + "&line=" + i).toString())
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private int exits(Process process) throws Exception {
        boolean exited = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(exited).as("the process ends within %s; stderr: %s", LIMIT, stderr()).isTrue();
        return process.exitValue();
    }

    /** The reports under their final names, oldest first (their names begin with the round's start). */
    private List<Path> reportFiles() throws IOException {
        Path reports = dir.resolve("reports");
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private int reportCount() {
        try {
            return reportFiles().size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Instant startedAt(Path report) {
        try {
            return Instant.parse(JSON.readTree(report.toFile()).get("startedAt").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String stdout() {
        return read(dir.resolve("stdout.txt"));
    }

    private String stderr() {
        return read(dir.resolve("stderr.txt"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
