package io.urlfetcher.http;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One batch through the real command line against a server that misbehaves in every way we know of.
 * Every line must come back exactly once, classified, within the configured limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HostileServerTest {

    private static final long TIMEOUT_MILLIS = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileServer hostile;
    private LocalTargetServer privateService;
    private final Map<String, String> expected = new LinkedHashMap<>();
    private CommandRunner.Run run;
    private JsonNode results;

    @BeforeAll
    void fetchEverythingOnce(@TempDir Path dir) throws IOException {
        hostile = HostileServer.start();
        privateService = LocalTargetServer.start(); // stands for an internal service the guard must protect
        int privatePort = privateService.port();

        expect("/ok", "ok");
        expect("/stall", "timeout");
        expect("/slow-headers", "timeout");
        expect("/drip", "timeout");
        expect("/close-before-response", "connection_closed");
        expect("/close-mid-body", "connection_closed");
        expect("/reset", "connection_reset");
        expect("/garbage", "protocol_error");
        expect("/bad-status", "protocol_error");
        expect("/bad-chunk", "protocol_error");
        expect("/length-mismatch", "connection_closed");
        expect("/huge-headers", "headers_too_large");
        expect("/many-headers/200", "ok");
        expect("/many-headers/201", "headers_too_large");
        expect("/many-headers/20000", "headers_too_large");
        expect("/two-gib", "body_too_large");
        expect("/gzip-bomb", "body_too_large");
        expect("/redirect-loop", "redirect_limit");
        expect("/redirect-chain/50", "redirect_limit");
        expect("/redirect-chain/3", "ok");
        expect("/redirect-to-port/" + privatePort, "blocked");
        expect("/retry-after/2/a", "ok");
        expect("/every-other/b", "ok");
        expected.put("http://127.0.0.1:" + privatePort + "/bytes/1", "blocked");
        expected.put("http://[::ffff:127.0.0.1]:" + privatePort + "/bytes/1", "blocked");
        expected.put("http://localhost:" + privatePort + "/bytes/1", "blocked");

        Path urls = Files.writeString(dir.resolve("urls.txt"), String.join("\n", expected.keySet()) + "\n");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        run = CommandRunner.run("--urls", urls.toString(), "--concurrency", "30", "--timeout", TIMEOUT_MILLIS + "ms",
                "--read-timeout", "1s", "--max-body", "1MB", "--max-header-size", "16KB", "--retries", "3",
                "--retry-backoff", "50ms", "--block-private", "--allow-private", "127.0.0.1:" + hostile.port(),
                "--sink", "file:" + reports);
        try (Stream<Path> files = Files.list(reports)) {
            results = JSON.readTree(files.findFirst().orElseThrow().toFile()).get("results");
        }
    }

    private void expect(String path, String outcome) {
        expected.put(hostile.url(path), outcome);
    }

    @AfterAll
    void stopServers() throws IOException {
        hostile.close();
        privateService.close();
    }

    private JsonNode result(String path) {
        String url = path.startsWith("http") ? path : hostile.url(path);
        for (JsonNode result : results) {
            if (result.get("url").asText().equals(url)) {
                return result;
            }
        }
        throw new AssertionError("no result for " + url);
    }

    @Test
    void everyLineGetsItsClassifiedOutcomeOnce() {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(results).hasSize(expected.size());
        Map<String, String> actual = new LinkedHashMap<>();
        results.forEach(r -> actual.put(r.get("url").asText(), r.get("outcome").asText()));
        assertThat(actual).as(results.toString()).containsExactlyEntriesOf(expected);
    }

    @Test
    void nothingOutlastsTheDeadline() {
        results.forEach(r -> assertThat(r.get("millis").asLong()).as(r.get("url").asText())
                .isLessThanOrEqualTo(TIMEOUT_MILLIS + 1000));
        assertThat(result("/drip").get("status").asInt()).as("the headers came; the body did not").isEqualTo(200);
        assertThat(result("/two-gib").get("error").asText()).contains("1048576-byte limit");
    }

    @Test
    void aConnectionClosedMidBodySaysHowManyBodyBytesArrivedAndGarbageIsToldApartFromSilence() {
        assertThat(result("/close-mid-body").get("error").asText())
                .startsWith("connection_closed: the connection closed after 50 bytes of the body");
        assertThat(result("/length-mismatch").get("error").asText())
                .startsWith("connection_closed: the connection closed after 10 bytes of the body")
                .contains("expected: 100");
        assertThat(result("/close-before-response").get("error").asText()).startsWith("connection_closed: ").doesNotContain("Exception");
    }

    @Test
    void moreThanTwoHundredHeaderLinesAreHeadersTooLargeHoweverMany() {
        assertThat(result("/many-headers/200").get("bytes").asInt()).isEqualTo(5);
        for (String path : List.of("/many-headers/201", "/many-headers/20000")) {
            assertThat(result(path).get("error").asText()).as(path)
                    .startsWith("headers_too_large: MessageConstraintException: Maximum header count exceeded");
            assertThat(result(path).get("attempts").asInt()).as("a limit is not retried").isEqualTo(1);
        }
    }

    @Test
    void redirectsAreCountedAndTheFinalUrlKept() {
        JsonNode chain = result("/redirect-chain/3");
        assertThat(chain.get("redirects").asInt()).isEqualTo(3);
        assertThat(chain.get("finalUrl").asText()).isEqualTo(hostile.url("/ok"));
        assertThat(hostile.hits("/redirect-chain/50") + hostile.hits("/redirect-chain/49")).isEqualTo(2);
    }

    @Test
    void retriesHonourRetryAfterAndAreCounted() {
        assertThat(result("/retry-after/2/a").get("attempts").asInt()).isEqualTo(3);
        assertThat(hostile.hits("/retry-after/2/a")).isEqualTo(3);
        assertThat(result("/every-other/b").get("attempts").asInt()).isEqualTo(2);
        assertThat(result("/ok").get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void theGuardKeptEveryRequestAwayFromThePrivateService() {
        assertThat(privateService.requestCount()).isZero();
        assertThat(result("/redirect-to-port/" + privateService.port()).get("error").asText())
                .contains("blocked", "127.0.0.1", "--allow-private");
    }

    @Test
    void limitsDoNotPoisonTheRest() {
        assertThat(result("/ok").get("bytes").asInt()).isEqualTo(5);
        String hostileUrls = "127.0.0.1:" + hostile.port() + "/";
        List<String> lines = run.stdout().lines().filter(l -> l.contains(hostileUrls)).toList();
        assertThat(lines).hasSize((int) expected.keySet().stream().filter(u -> u.contains(hostileUrls)).count());
    }
}
