package io.urlfetcher.flow;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.TestProcesses;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.core.OwnedTempFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar killed with SIGKILL a third of the way through 2,000 URLs, then started again with the same
 * {@code --state}: the second run fetches only what the first did not record, and its report has every line once.
 */
@SlowTest
class ResumeIT {

    private static final int URLS = 2000;
    private static final int CONCURRENCY = 20;
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Process start(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")));
        command.addAll(args);
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private String stderr(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
    }

    @Test
    void aRunKilledWithSigkillResumesAndFetchesEachLineOnce() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            // Each URL names its line, so the server's log says how often each line was asked for.
            Path urls = Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, URLS)
                    .mapToObj(i -> server.uri("/delay/50?line=" + i).toString()).collect(Collectors.joining("\n", "", "\n")));
            Path reports = dir.resolve("reports");
            Path bodies = dir.resolve("bodies");
            List<String> args = List.of("--urls", urls.toString(), "--state", dir.resolve("state").toString(),
                    "--concurrency", String.valueOf(CONCURRENCY), "--save-bodies", bodies.toString(),
                    "--sink", "file:" + reports + "?tempPrefix=.writing-", "--progress-every", "300ms");

            Process first = start(args, "first");
            try {
                TestProcesses.await(() -> server.requestCount() >= URLS / 3, first, LIMIT);
                assertThat(first.isAlive()).as("the first run is still fetching: %s", stderr("first")).isTrue();
            } finally {
                // Any process the run started is waited for too: none may still be writing when the second run starts.
                List<ProcessHandle> family = first.descendants().toList();
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no report
                // Resume only once the killed run has stopped writing (an exited child not yet reaped counts as gone).
                await("the killed run's child halts").atMost(Duration.ofSeconds(20))
                        .until(() -> family.stream().noneMatch(process -> OwnedTempFiles.runs(process.pid())));
            }
            int requestedByFirst = server.requestCount();
            assertThat(requestedByFirst).isLessThan(URLS);
            // The folder is made at start-up (ReportFile.requireWritableFolder); the killed run wrote nothing in it.
            try (Stream<Path> written = Files.list(reports)) {
                assertThat(written).as("no report from the killed run").isEmpty();
            }

            Process second = start(args, "second");
            try {
                assertThat(second.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("the resumed run ends").isTrue();
            } finally {
                second.destroyForcibly();
            }

            assertThat(second.exitValue()).as(stderr("second")).isZero();
            assertThat(stderr("second")).contains("Resuming from").containsPattern("\\(resumed: [\\d,]+ already done\\)");
            Map<String, Long> requestsPerLine = server.received().stream()
                    .collect(Collectors.groupingBy(LocalTargetServer.ReceivedRequest::query, TreeMap::new, Collectors.counting()));
            assertThat(requestsPerLine).as("every line was requested").hasSize(URLS);
            List<String> twice = requestsPerLine.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            assertThat(requestsPerLine.values()).allMatch(count -> count <= 2);
            // Only the lines that were in flight when the first run was killed (at most one per thread) are asked again.
            assertThat(twice).as("lines requested twice").hasSizeLessThanOrEqualTo(CONCURRENCY);
            assertThat(server.requestCount()).isEqualTo(URLS + twice.size());

            JsonNode report = report(reports);
            assertThat(report.get("urls").asInt()).isEqualTo(URLS);
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(URLS);
            List<Integer> indices = new ArrayList<>();
            report.get("results").forEach(result -> {
                indices.add(result.get("index").asInt());
                assertThat(result.get("outcome").asText()).isEqualTo("ok");
                assertThat(result.get("url").asText()).endsWith("line=" + result.get("index").asInt());
                assertThat(bodies.resolve(result.get("bodyFile").asText())).as("the body of every line is kept").exists();
            });
            assertThat(indices).containsExactlyElementsOf(IntStream.range(0, URLS).boxed().toList());
            try (Stream<Path> files = Files.list(bodies)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("the killed run's partial bodies are gone").hasSize(URLS).noneMatch(name -> name.startsWith(".part-"));
            }
        }
    }

    private static JsonNode report(Path reports) throws IOException {
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> written = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            assertThat(written).hasSize(1);
            return new ObjectMapper().readTree(written.get(0).toFile());
        }
    }
}
