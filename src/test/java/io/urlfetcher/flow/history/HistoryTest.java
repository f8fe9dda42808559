package io.urlfetcher.flow.history;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line with --history, run again and again over pages that change between runs: conditional requests,
 * not_modified, the change of each result and its counts, what is delivered, and --fail-on newly-failing.
 */
class HistoryTest {

    @TempDir
    Path dir;

    private HistoryServer server;

    @BeforeEach
    void start() throws IOException {
        server = HistoryServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CommandRunner.Reported run(List<String> paths, String... options) throws IOException {
        List<String> all = new ArrayList<>(List.of("--history", dir.resolve("history").toString(), "--quiet"));
        all.addAll(List.of(options));
        CommandRunner.Reported reported = CommandRunner.runOnLines(dir, "urls.txt", paths.stream().map(server::url).toList(),
                all.toArray(String[]::new));
        assertThat(reported.report()).as(reported.run().stderr()).isNotNull();
        return reported;
    }

    private static List<String> field(CommandRunner.Reported reported, String name) {
        return reported.results().stream().map(r -> r.path(name).isMissingNode() || r.get(name).isNull() ? null
                : r.get(name).asText()).toList();
    }

    private static List<String> savedFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void pagesWithEtagAndLastModifiedAreAskedConditionallyAndOnlyTheChangedOneIsDeliveredAgain() throws IOException {
        List<String> pages = List.of("/etag/a", "/etag/b", "/etag/c");
        Path saved = dir.resolve("pages");

        CommandRunner.Reported first = run(pages, "--save-bodies", saved.toString());
        assertThat(first.run().exitCode()).as(first.run().stderr()).isZero();
        assertThat(field(first, "change")).containsExactly("new", "new", "new");
        assertThat(field(first, "outcome")).containsOnly("ok");
        assertThat(first.results()).allSatisfy(r -> assertThat(r.has("previous")).isFalse());
        assertThat(server.conditionalRequests()).isZero();
        List<String> files = savedFiles(saved);
        assertThat(files).hasSize(3);
        Path fileOfA = saved.resolve(first.results().get(0).get("bodyFile").asText());
        Files.setLastModifiedTime(fileOfA, FileTime.fromMillis(1_000_000_000_000L)); // to see it is not written again

        server.change("b");
        server.resetCounts();
        CommandRunner.Reported second = run(pages, "--save-bodies", saved.toString());

        assertThat(second.run().exitCode()).as(second.run().stderr()).isZero();
        assertThat(field(second, "outcome")).containsExactly("not_modified", "ok", "not_modified");
        assertThat(field(second, "change")).containsExactly("unchanged", "changed", "unchanged");
        assertThat(server.conditionalRequests()).isEqualTo(3);
        assertThat(server.notModifiedSent()).isEqualTo(2);
        JsonNode a = second.results().get(0);
        assertThat(a.get("status").asInt()).isEqualTo(304);
        assertThat(a.get("bytes").asLong()).isZero();
        assertThat(a.get("sha256").asText()).isEqualTo(first.results().get(0).get("sha256").asText());
        assertThat(a.get("bodyFile").asText()).isEqualTo(first.results().get(0).get("bodyFile").asText());
        assertThat(a.get("previous").get("outcome").asText()).isEqualTo("ok");
        assertThat(a.get("previous").get("status").asInt()).isEqualTo(200);
        assertThat(a.get("previous").get("fetchedAt").asText()).isNotBlank();
        assertThat(Files.getLastModifiedTime(fileOfA).toMillis()).isEqualTo(1_000_000_000_000L);
        JsonNode b = second.results().get(1);
        assertThat(b.get("sha256").asText()).isNotEqualTo(b.get("previous").get("sha256").asText());
        assertThat(Files.readString(saved.resolve(b.get("bodyFile").asText()))).isEqualTo(server.body("b"));
        assertThat(second.report().get("changes")).hasToString("{\"changed\":1,\"unchanged\":2}");
        assertThat(second.report().get("outcomes").get("not_modified").asInt()).isEqualTo(2);

        server.resetCounts();
        CommandRunner.Reported third = run(pages);
        assertThat(field(third, "change")).containsExactly("unchanged", "unchanged", "unchanged");
        assertThat(server.notModifiedSent()).isEqualTo(3);
    }

    @Test
    void aPageWithOnlyLastModifiedIsAskedIfModifiedSince() throws IOException {
        List<String> pages = List.of("/lm/a", "/lm/b");
        run(pages);
        server.change("a");
        server.resetCounts();

        CommandRunner.Reported second = run(pages);

        assertThat(field(second, "outcome")).containsExactly("ok", "not_modified");
        assertThat(field(second, "change")).containsExactly("changed", "unchanged");
        assertThat(server.conditionalRequests()).isEqualTo(2);
        assertThat(server.ifNoneMatchReceived()).isEmpty();
    }

    @Test
    void withoutValidatorsTheSha256DecidesAndDeliverChangedSavesOnlyTheChangedBody() throws IOException {
        List<String> pages = List.of("/plain/a", "/plain/b", "/plain/c");
        run(pages, "--save-bodies", dir.resolve("first").toString());
        server.change("c");
        server.resetCounts();

        Path saved = dir.resolve("second");
        CommandRunner.Reported second = run(pages, "--save-bodies", saved.toString(), "--inline-body", "1KB");

        assertThat(server.conditionalRequests()).isZero();
        assertThat(field(second, "outcome")).containsOnly("ok");
        assertThat(field(second, "change")).containsExactly("unchanged", "unchanged", "changed");
        assertThat(savedFiles(saved)).containsExactly(second.results().get(2).get("bodyFile").asText());
        assertThat(field(second, "body")).containsExactly(null, null, server.body("c"));
        // The unchanged ones name the file the first run saved.
        assertThat(second.results().get(0).get("bodyFile").asText()).isNotBlank();

        CommandRunner.Reported all = run(pages, "--save-bodies", dir.resolve("third").toString(), "--deliver", "all");
        assertThat(field(all, "change")).containsOnly("unchanged");
        assertThat(savedFiles(dir.resolve("third"))).hasSize(3);
    }

    @Test
    void aWeakEtagIsSentBackAsItCame() throws IOException {
        run(List.of("/weak/a"));
        server.resetCounts();

        CommandRunner.Reported second = run(List.of("/weak/a"));

        assertThat(server.ifNoneMatchReceived()).containsExactly("W/\"a-v1\"");
        assertThat(field(second, "outcome")).containsExactly("not_modified");
    }

    @Test
    void noConditionalFetchesEveryBodyWholeAndTheSha256Decides() throws IOException {
        List<String> pages = List.of("/etag/a", "/etag/b");
        run(pages);
        server.change("b");
        server.resetCounts();

        CommandRunner.Reported second = run(pages, "--no-conditional");

        assertThat(server.conditionalRequests()).isZero();
        assertThat(field(second, "outcome")).containsExactly("ok", "ok");
        assertThat(field(second, "change")).containsExactly("unchanged", "changed");
    }

    @Test
    void aUrlThatFailsAfterItWasOkIsFailingAndFailsTheRunWithFailOnNewlyFailing() throws IOException {
        List<String> pages = List.of("/etag/good", "/etag/bad", "/etag/back");
        server.fail("bad", true);
        server.fail("back", true);
        CommandRunner.Reported first = run(pages, "--fail-on", "newly-failing");
        assertThat(field(first, "change")).containsExactly("new", "new", "new");
        assertThat(first.run().exitCode()).as("a known-bad URL does not fail the run").isZero();

        server.fail("good", true);
        server.fail("back", false);
        CommandRunner.Reported second = run(pages, "--fail-on", "newly-failing");
        assertThat(field(second, "change")).containsExactly("failing", "still_failing", "recovered");
        assertThat(second.run().exitCode()).isEqualTo(ExitCodes.URL_FAILED);
        assertThat(second.run().stderr()).contains("1 URL was ok in the history and failed now");
        assertThat(second.results().get(0).get("previous").get("outcome").asText()).isEqualTo("ok");

        server.fail("good", false);
        server.resetCounts();
        CommandRunner.Reported third = run(pages, "--fail-on", "newly-failing");
        // The failure kept the validators of the last ok response: the recovered page is asked conditionally.
        assertThat(field(third, "change")).containsExactly("recovered", "still_failing", "unchanged");
        assertThat(field(third, "outcome")).containsExactly("not_modified", "http_error", "not_modified");
        assertThat(third.run().exitCode()).isZero();
    }

    @Test
    void theConsoleShowsAChangeColumnAndTheCounts() throws IOException {
        CommandRunner.Reported first = CommandRunner.runOnLines(dir, "urls.txt", List.of(server.url("/etag/a")),
                "--history", dir.resolve("history").toString());
        assertThat(first.run().stdout()).containsPattern("ok\\s+new\\s+http://127.0.0.1:\\d+/etag/a")
                .contains("since the history's last run: 1 new");

        CommandRunner.Reported without = CommandRunner.runOnLines(dir, "urls.txt", List.of(server.url("/etag/a")));
        assertThat(without.run().stdout()).doesNotContain("new", "since the history");
        assertThat(without.report().has("changes")).isFalse();
        assertThat(without.results().get(0).has("change")).isFalse();
    }

    @Test
    void theHistoryKeepsNoPasswordAndTheIdOfAJsonLinesRequestIsItsKey() throws IOException {
        String withPassword = server.url("/etag/a").replace("://", "://user:s3cret@");
        Path list = Files.writeString(dir.resolve("requests.jsonl"),
                "{\"url\": \"" + withPassword + "\"}\n{\"url\": \"" + server.url("/etag/b") + "\", \"id\": \"sku-1\"}\n");
        Path history = dir.resolve("history");
        CommandRunner.Run first = CommandRunner.runWithReport(dir, "--urls", list.toString(), "--history", history.toString()).run();
        assertThat(first.exitCode()).as(first.stderr()).isZero();

        // The same id on another URL is the same request to the history.
        Files.writeString(list, "{\"url\": \"" + server.url("/etag/b") + "?moved\", \"id\": \"sku-1\"}\n");
        CommandRunner.Reported second = CommandRunner.runWithReport(dir, "--urls", list.toString(), "--history",
                history.toString());
        assertThat(field(second, "change")).containsExactly("unchanged");

        try (HistoryStore store = HistoryStore.open(history.toString())) {
            assertThat(store.find("id:sku-1")).isNotNull();
            assertThat(store.size()).isEqualTo(2);
        }
        try (Stream<Path> files = Files.walk(history)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s", file).doesNotContain("s3cret");
            }
        }
    }

    @Test
    void compareModeRefusesAHistory() {
        CommandRunner.Run compare = CommandRunner.run("--urls", "-", "--mode", "compare", "--history",
                dir.resolve("history").toString());
        assertThat(compare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(compare.stderr()).contains("fetch.history cannot be used with --mode compare");
    }

    @Test
    void aHistoryThatCannotBeOpenedIsAUsageErrorWithoutItsPassword() throws IOException {
        CommandRunner.Reported run = CommandRunner.runOnLines(dir, "urls.txt", List.of(server.url("/etag/a")), "--history",
                "jdbc:postgresql://127.0.0.1:1/history?user=u&password=s3cret", "--quiet");

        assertThat(run.run().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.run().lastErrorLine()).startsWith("url-fetcher: cannot open the history jdbc:postgresql://127.0.0.1:1/")
                .contains("password=***");
        assertThat(run.run().stderr()).doesNotContain("s3cret");
        assertThat(server.requests()).isZero();
    }
}
