package io.urlfetcher.flow.history;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.TestProcesses;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar killed with SIGKILL in the middle of a run with a history, then run again: the history claims no
 * body that was not saved, and the second run reports every line once, each new or unchanged, with its body saved.
 */
@SlowTest
class HistoryKillIT {

    private static final int URLS = 300;

    @TempDir
    Path dir;

    private HistoryServer server;
    private Process process;

    @BeforeEach
    void start() throws IOException {
        server = HistoryServer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    @Test
    void aRunKilledMidwayLeavesAConsistentHistoryAndTheNextRunReportsEachLineOnce() throws Exception {
        Path urls = Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, URLS)
                .mapToObj(i -> server.url("/etag/p" + i)).collect(Collectors.joining("\n", "", "\n")));
        Path history = dir.resolve("history");
        Path pages = dir.resolve("pages");
        server.delay(40);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString(),
                "--urls", urls.toString(), "--quiet", "--concurrency", "4", "--history", history.toString(),
                "--save-bodies", pages.toString(), "--sink", "file:" + dir.resolve("reports")));
        process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        // Past at least one written batch (a batch a second), well before the end (about 3 s at 4 x 25 a second).
        TestProcesses.await(() -> server.requests() >= 180, process, Duration.ofSeconds(60));
        assertThat(process.isAlive()).as(Files.readString(dir.resolve("stderr.txt"))).isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        int killedAt = server.requests();
        assertThat(killedAt).isLessThan(URLS);

        long remembered;
        try (HistoryStore store = HistoryStore.open(history.toString())) {
            remembered = store.size();
            for (int i = 0; i < URLS; i++) {
                HistoryEntry entry = store.find(HistoryKey.of(io.urlfetcher.core.UrlLine.accepted(i, i + 1,
                        server.url("/etag/p" + i), java.net.URI.create(server.url("/etag/p" + i)))));
                if (entry != null) { // an entry names a body that was saved whole, with its hash
                    assertThat(sha256(pages.resolve(entry.bodyFile()))).as("p%d", i).isEqualTo(entry.sha256());
                }
            }
        }
        assertThat(remembered).as("entries written before the kill (%d requests)", killedAt).isPositive().isLessThan(URLS);

        server.delay(0);
        CommandRunner.Reported second = CommandRunner.runWithReport(dir, "--urls", urls.toString(), "--history",
                history.toString(), "--save-bodies", pages.toString());

        assertThat(second.run().exitCode()).as(second.run().stderr()).isZero();
        List<JsonNode> results = second.results();
        assertThat(results).extracting(r -> r.get("index").asInt()).containsExactlyElementsOf(IntStream.range(0, URLS).boxed().toList());
        assertThat(results.stream().filter(r -> r.get("change").asText().equals("unchanged")).count()).isEqualTo(remembered);
        assertThat(results.stream().filter(r -> r.get("change").asText().equals("new")).count()).isEqualTo(URLS - remembered);
        for (JsonNode result : results) {
            assertThat(sha256(pages.resolve(result.get("bodyFile").asText()))).isEqualTo(result.get("sha256").asText());
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
