package io.urlfetcher.flow;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.http.BodyServer;
import io.urlfetcher.http.HostileServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Getting the responses out, through the command line: saved bodies, inline bodies, kept headers, a response sink. */
@Timeout(120)
@SlowTest
class ResponseDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private BodyServer server;
    private HostileServer hostile;
    private CommandRunner.Run last;

    @BeforeEach
    void startServers() throws IOException {
        server = BodyServer.start();
        hostile = HostileServer.start();
    }

    @AfterEach
    void stopServers() throws IOException {
        server.close();
        hostile.close();
    }

    /** Runs the CLI on these lines with a JSON file report, and returns the report's results. */
    private List<JsonNode> fetch(List<String> lines, String... options) throws IOException {
        CommandRunner.Reported reported = CommandRunner.runOnLines(dir, "urls.txt", lines,
                Stream.concat(Stream.of("--quiet"), Arrays.stream(options)).toArray(String[]::new));
        last = reported.run();
        assertThat(last.exitCode()).as(last.stderr()).isZero();
        List<JsonNode> results = reported.results();
        assertThat(results).hasSize(lines.size());
        return results;
    }

    private String reportText() throws IOException {
        return Files.readString(dir.resolve("reports/report.json"));
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void savedBodiesAreByteIdenticalWithContentLengthChunkedAndGzip() throws IOException {
        Path bodies = dir.resolve("bodies");

        List<JsonNode> results = fetch(List.of(server.url("/fixed/3000000"), server.url("/chunked/5000000"),
                server.url("/gzip/2000000"), server.url("/status/404")), "--save-bodies", bodies.toString());

        byte[][] sent = { BodyServer.bytes(3_000_000), BodyServer.bytes(5_000_000), BodyServer.text(2_000_000) };
        for (int i = 0; i < sent.length; i++) {
            JsonNode result = results.get(i);
            assertThat(result.get("outcome").asText()).isEqualTo("ok");
            assertThat(result.get("protocol").asText()).isEqualTo("HTTP/1.1"); // as the status line said
            byte[] saved = Files.readAllBytes(bodies.resolve(result.get("bodyFile").asText()));
            assertThat(BodyServer.sha256(saved)).isEqualTo(BodyServer.sha256(sent[i])).isEqualTo(result.get("sha256").asText());
            assertThat(saved.length).isEqualTo(result.get("bytes").asInt()).isEqualTo(sent[i].length);
        }
        assertThat(results.get(0).get("bodyFile").asText()).matches("000000-127\\.0\\.0\\.1-[0-9a-f]{12}\\.bin");
        assertThat(results.get(2).get("bodyFile").asText()).endsWith(".txt"); // text/plain, saved decoded
        // A 404 is hashed but not saved by default (--save-on ok).
        assertThat(results.get(3).get("sha256").asText())
                .isEqualTo(BodyServer.sha256("status 404\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(results.get(3).has("bodyFile")).isFalse();
        assertThat(names(bodies)).hasSize(3).allMatch(name -> !name.startsWith("."));
    }

    @Test
    void hashNoneLeavesTheHashOutAndStillSaves() throws IOException {
        Path bodies = dir.resolve("bodies");

        List<JsonNode> results = fetch(List.of(server.url("/fixed/100000")), "--hash", "none", "--save-bodies", bodies.toString());

        assertThat(results.get(0).has("sha256")).isFalse();
        assertThat(Files.readAllBytes(bodies.resolve(results.get(0).get("bodyFile").asText())))
                .isEqualTo(BodyServer.bytes(100_000));
    }

    @Test
    void partFilesOfADeadRunAreDeletedAndThoseOfALiveOneKept() throws Exception {
        Path bodies = Files.createDirectories(dir.resolve("bodies"));
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Path dead = Files.writeString(bodies.resolve(".part-" + exited.pid() + "-000000-h-abc.html.tmp"), "half a page");
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path alive = Files.writeString(bodies.resolve(".part-" + live + "-000000-h-abc.html.tmp"), "a page in progress");

        fetch(List.of(server.url("/page/A")), "--save-bodies", bodies.toString());

        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
    }

    @Test
    void saveOnAllKeepsErrorBodiesToo() throws IOException {
        Path bodies = dir.resolve("bodies");

        List<JsonNode> results = fetch(List.of(server.url("/status/503"), server.url("/page/ok")),
                "--save-bodies", bodies.toString(), "--save-on", "all");

        assertThat(results.get(0).get("outcome").asText()).isEqualTo("http_error");
        assertThat(Files.readString(bodies.resolve(results.get(0).get("bodyFile").asText()))).isEqualTo("status 503\n");
        assertThat(names(bodies)).hasSize(2);
    }

    @Test
    void aBodyNotReadWholeLeavesNoFileAndNoTemporaryFile() throws IOException {
        Path bodies = dir.resolve("bodies");

        List<JsonNode> results = fetch(List.of(hostile.url("/close-mid-body"), hostile.url("/length-mismatch"),
                server.url("/fixed/3000000"), hostile.url("/drip"), server.url("/fixed/1000")),
                "--save-bodies", bodies.toString(), "--max-body", "1MB", "--timeout", "2s");

        assertThat(results).extracting(r -> r.get("outcome").asText())
                .containsExactly("connection_closed", "connection_closed", "body_too_large", "timeout", "ok");
        assertThat(results.subList(0, 4)).allSatisfy(r -> assertThat(r.has("bodyFile")).isFalse());
        assertThat(results.get(2).get("outcome").asText()).isEqualTo("body_too_large");
        assertThat(results.get(3).get("outcome").asText()).isEqualTo("timeout");
        assertThat(names(bodies)).containsExactly(results.get(4).get("bodyFile").asText());
    }

    @Test
    void hostilePathsMakeSafeDistinctNames() throws IOException {
        Path bodies = dir.resolve("bodies");
        List<String> lines = List.of(
                server.url("/page/x/../../../../etc/passwd"),
                server.url("/page/%2e%2e%2f%2e%2e%2fescape"),
                server.url("/page/a:b%5Cc%00d%5C..%5Cwin"),
                server.url("/page/" + "long".repeat(1500)),
                server.url("/page/ünïcödé-€"),
                "http://localhost:" + server.url("").replaceAll(".*:(\\d+)$", "$1") + "/page/host?q=../x#frag",
                "http://[::1]:" + server.url("").replaceAll(".*:(\\d+)$", "$1") + "/page/v6");

        List<JsonNode> results = fetch(lines, "--save-bodies", bodies.toString());

        Set<String> saved = names(bodies);
        assertThat(results).allSatisfy(r -> assertThat(r.get("outcome").asText()).as(r.toString()).isIn("ok", "http_error",
                "connection_refused"));
        List<String> files = results.stream().filter(r -> r.has("bodyFile")).map(r -> r.get("bodyFile").asText()).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(6).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("\\d{6}-[a-z0-9._-]{1,60}-[0-9a-f]{12}\\.[a-z]{2,4}") && name.length() < 100);
        assertThat(saved).containsExactlyInAnyOrderElementsOf(files);
        assertThat(files).anyMatch(name -> name.startsWith("000005-localhost-"));
        try (Stream<Path> everything = Files.walk(dir)) { // nothing was written outside the folder
            assertThat(everything.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
                    .noneMatch(name -> name.contains("passwd") || name.contains("escape"));
        }
    }

    @Test
    void smallTextBodiesGoInlineAndOthersSayWhyNot() throws IOException {
        List<JsonNode> results = fetch(List.of(server.url("/page/Hello"), server.url("/json"), server.url("/latin1"),
                server.url("/png"), server.url("/gzip/10000"), server.url("/status/404")), "--inline-body", "4KB");

        assertThat(results.get(0).get("body").asText()).isEqualTo(BodyServer.page("Hello"));
        assertThat(results.get(1).get("body").asText()).isEqualTo("{\"price\": 12.5, \"currency\": \"€\"}");
        assertThat(results.get(2).get("body").asText()).isEqualTo("café");
        assertThat(results.get(3).has("body")).isFalse();
        assertThat(results.get(3).get("bodyOmitted").asText()).isEqualTo("not text: Content-Type image/png");
        assertThat(results.get(4).has("body")).isFalse();
        assertThat(results.get(4).get("bodyOmitted").asText())
                .isEqualTo("larger than the inline limit: 10000 bytes, limit 4096");
        assertThat(results.get(5).get("body").asText()).isEqualTo("status 404\n"); // an error page is data too
        assertThat(results.get(0).has("bodyOmitted")).isFalse();
    }

    @Test
    void keptHeadersComeWithEveryValueAndCookiesRedacted() throws IOException {
        List<JsonNode> results = fetch(List.of(server.url("/cookie"), server.url("/page/p")),
                "--keep-header", "Set-Cookie", "--keep-header", "x-price-version");

        JsonNode headers = results.get(0).get("headers");
        assertThat(headers.get("x-price-version").get(0).asText()).isEqualTo("7");
        assertThat(headers.get("set-cookie")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("sid=***; Path=/; HttpOnly", "theme=***");
        assertThat(headers.has("content-type")).isFalse();
        assertThat(results.get(1).get("headers").size()).isZero();
        assertThat(reportText()).doesNotContain("s3cr3t-session", "dark");
        assertThat(last.stdout() + last.stderr()).doesNotContain("s3cr3t-session");

        List<JsonNode> all = fetch(List.of(server.url("/cookie")), "--keep-header", "*");
        assertThat(all.get(0).get("headers").get("content-type").get(0).asText()).isEqualTo("text/plain");
        assertThat(reportText()).doesNotContain("s3cr3t-session");
    }

    @Test
    void aCookieOneServerSetsIsNeverSentBack() throws IOException {
        // One at a time, on one connection: a client keeping cookies would send sid and theme with the second and third.
        List<JsonNode> results = fetch(List.of(server.url("/cookie"), server.url("/page/p"), server.url("/cookie")),
                "--concurrency", "1");

        assertThat(results).extracting(result -> result.get("outcome").asText()).containsOnly("ok");
        assertThat(server.cookiesReceived()).isEmpty();
    }

    @Test
    void aFileResponseSinkGetsOneFilePerResponseAndNoSpoolIsLeft() throws IOException {
        Path pages = dir.resolve("pages");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> spoolsBefore = spools(tmp);

        List<JsonNode> results = fetch(List.of(server.url("/page/One"), server.url("/page/Two"), server.url("/status/500"),
                server.url("/chunked/200000")), "--response-sink", "file:" + pages);

        assertThat(names(pages)).hasSize(3);
        for (int i : new int[] { 0, 1, 3 }) {
            Path page;
            try (Stream<Path> files = Files.list(pages)) {
                page = files.filter(p -> p.getFileName().toString().startsWith(String.format("%06d-", results.get(i).get("index").asInt())))
                        .findFirst().orElseThrow();
            }
            assertThat(BodyServer.sha256(Files.readAllBytes(page))).isEqualTo(results.get(i).get("sha256").asText());
            assertThat(results.get(i).has("bodyFile")).isFalse(); // not saved: only sent on
        }
        assertThat(spools(tmp)).isEqualTo(spoolsBefore);
    }

    @Test
    void compareModeKeepsTheParallelRunsBodies() throws IOException {
        Path bodies = dir.resolve("bodies");
        Path urls = Files.writeString(dir.resolve("urls.txt"), server.url("/page/A") + "\n" + server.url("/page/B") + "\n");
        Path reports = Files.createDirectories(dir.resolve("reports"));

        last = CommandRunner.run("--urls", urls.toString(), "--mode", "compare", "--quiet", "--save-bodies", bodies.toString(),
                "--sink", "file:" + reports + "?fileName=report.json");

        assertThat(last.exitCode()).as(last.stderr()).isZero();
        JsonNode report = JSON.readTree(reports.resolve("report.json").toFile());
        assertThat(report.get("sequential").get("results")).allSatisfy(r -> assertThat(r.has("bodyFile")).isFalse());
        assertThat(report.get("parallel").get("results")).allSatisfy(r -> assertThat(r.has("bodyFile")).isTrue());
        assertThat(report.get("sequential").get("results").get(0).get("sha256"))
                .isEqualTo(report.get("parallel").get("results").get(0).get("sha256"));
        assertThat(names(bodies)).hasSize(2);
    }

    @Test
    void anUnwritableBodyFolderIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path urls = Files.writeString(dir.resolve("urls.txt"), server.url("/page/A") + "\n");

        last = CommandRunner.run("--urls", urls.toString(), "--save-bodies", file.toString());

        assertThat(last.exitCode()).isEqualTo(2);
        assertThat(last.stderr()).contains("invalid --save-bodies", "not-a-folder");
    }

    @Test
    void aBodyFolderThatVanishesMidRunMakesDeliveryFailedAndTheRunEndsWithExitCode3() throws Exception {
        Path bodies = dir.resolve("bodies");
        LocalTargetServer slow = LocalTargetServer.start(); // /drip/1: 1000 bytes over about a second
        Path urls = Files.writeString(dir.resolve("urls.txt"), slow.uri("/drip/1") + "\n");
        java.util.concurrent.CompletableFuture<CommandRunner.Run> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CommandRunner.run("--urls", urls.toString(), "--quiet", "--save-bodies", bodies.toString(),
                        "--timeout", "20s", "--sink", "file:" + dir.resolve("reports") + "?fileName=report.json"));
        // The folder is made at start-up; the dripping body is still arriving when it goes away.
        await("a body part file in " + bodies).atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> containsPart(bodies));
        try (Stream<Path> files = Files.list(bodies)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(bodies);
        Files.writeString(bodies, "now a file"); // the rename cannot land in it

        last = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        slow.close();

        // The report is still written (it says which URL lost its body); the run then fails, naming the folder.
        assertThat(last.exitCode()).as(last.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(last.stderr()).contains("could not save 1 body to " + bodies, "its URL is delivery_failed");
        JsonNode result = JSON.readTree(dir.resolve("reports/report.json").toFile()).get("results").get(0);
        assertThat(result.get("outcome").asText()).isEqualTo("delivery_failed");
        assertThat(result.get("error").asText()).startsWith("delivery_failed: could not write the body")
                .contains(bodies.getFileName().toString());
    }

    private static boolean containsPart(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".part-"));
        }
    }

    private static Set<String> spools(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("url-fetcher-response-"))
                    .collect(Collectors.toSet());
        }
    }
}
