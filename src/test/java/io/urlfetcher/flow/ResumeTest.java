package io.urlfetcher.flow;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line with --state: a second run fetches only what the first did not finish, and reports every line. */
class ResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int URLS = 20;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @TempDir
    Path dir;

    /** {@code URLS} URLs, each naming its line in its query so the server's log says which line was asked for. */
    private Path list() throws IOException {
        String urls = IntStream.range(0, URLS).mapToObj(i -> server.url("/bytes/10?line=" + i)).collect(Collectors.joining("\n"));
        return Files.writeString(dir.resolve("urls.txt"), "# resumable\n" + urls + "\nnot a url\n");
    }

    private CommandRunner.Reported run(String... args) throws IOException {
        return CommandRunner.runWithReport(dir, args);
    }

    private List<String> requestedLines() {
        return server.received().stream().map(LocalTargetServer.ReceivedRequest::query).toList();
    }

    /** Keeps the first {@code count} recorded results, as if the run had been killed then; returns how many were ok. */
    private static int keepFirst(Path results, int count) throws IOException {
        List<String> kept = Files.readAllLines(results).subList(0, count);
        Files.write(results, kept);
        int ok = 0;
        for (String line : kept) {
            ok += JSON.readTree(line).get("outcome").asText().equals("ok") ? 1 : 0;
        }
        return ok;
    }

    private static List<Integer> indices(JsonNode report) {
        List<Integer> indices = new ArrayList<>();
        report.get("results").forEach(result -> indices.add(result.get("index").asInt()));
        return indices;
    }

    @Test
    void aSecondRunWithTheSameStateFetchesNothingAndReportsEveryLineOnce() throws IOException {
        Path urls = list();
        Path state = dir.resolve("state");

        CommandRunner.Reported first = run("--urls", urls.toString(), "--state", state.toString());
        assertThat(first.run().exitCode()).as(first.run().stderr()).isZero();
        assertThat(server.requestCount()).isEqualTo(URLS);
        assertThat(state.resolve("results.jsonl")).exists();
        assertThat(state.resolve("list.json")).exists();

        CommandRunner.Reported second = run("--urls", urls.toString(), "--state", state.toString());

        assertThat(second.run().exitCode()).as(second.run().stderr()).isZero();
        assertThat(server.requestCount()).as("no request of the second run reaches the server").isEqualTo(URLS);
        assertThat(second.run().stderr()).contains("Resuming from " + state + ": " + (URLS + 1) + " lines already done");
        JsonNode report = second.report();
        assertThat(report.get("urls").asInt()).isEqualTo(URLS + 1);
        assertThat(indices(report)).containsExactlyElementsOf(IntStream.rangeClosed(0, URLS).boxed().toList());
        assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(URLS);
        assertThat(report.get("outcomes").get("invalid_url").asInt()).isOne();
        assertThat(report.get("results").get(5).get("url").asText()).endsWith("line=5");
    }

    @Test
    void aPartlyFilledStateFetchesExactlyTheMissingLinesAndThoseAStoppedRunLeftUnfinished() throws IOException {
        Path urls = list();
        Path state = dir.resolve("state");
        assertThat(run("--urls", urls.toString(), "--state", state.toString()).run().exitCode()).isZero();
        // As if the first run had been killed before lines 3, 7 and 11 were recorded, and stopped with 15 in flight.
        Path results = state.resolve("results.jsonl");
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            int index = JSON.readTree(line).get("index").asInt();
            if (index == 15) {
                kept.add(JSON.writeValueAsString(FetchResult.unfetched(15, 17, "x", Outcome.INTERRUPTED, "stopped", null)));
            } else if (!Set.of(3, 7, 11).contains(index)) {
                kept.add(line);
            }
        }
        Files.write(results, kept);
        int before = server.requestCount();

        CommandRunner.Reported resumed = run("--urls", urls.toString(), "--state", state.toString());

        assertThat(resumed.run().exitCode()).as(resumed.run().stderr()).isZero();
        assertThat(requestedLines().subList(before, server.requestCount()))
                .containsExactlyInAnyOrder("line=3", "line=7", "line=11", "line=15");
        JsonNode report = resumed.report();
        assertThat(indices(report)).containsExactlyElementsOf(IntStream.rangeClosed(0, URLS).boxed().toList());
        assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(URLS);
        assertThat(report.get("outcomes").has("interrupted")).isFalse();
    }

    @Test
    void jsonLinesReportsHaveEveryLineOnceToo() throws IOException {
        Path urls = list();
        Path state = dir.resolve("state");
        assertThat(run("--urls", urls.toString(), "--state", state.toString(), "--format", "jsonl").run().exitCode()).isZero();
        int keptOk = keepFirst(state.resolve("results.jsonl"), (URLS + 1) / 2);
        Path reports = dir.resolve("reports");

        CommandRunner.Run resumed = CommandRunner.run("--urls", urls.toString(), "--state", state.toString(),
                "--format", "jsonl", "--sink", "file:" + reports, "--quiet");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(server.requestCount()).isEqualTo(URLS + URLS - keptOk);
        try (Stream<Path> files = Files.list(reports)) {
            Path report = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            List<JsonNode> written = new ArrayList<>();
            for (String line : Files.readAllLines(report)) {
                written.add(JSON.readTree(line));
            }
            List<Integer> indices = written.stream().filter(line -> line.has("index")).map(line -> line.get("index").asInt())
                    .sorted().toList();
            assertThat(indices).containsExactlyElementsOf(IntStream.rangeClosed(0, URLS).boxed().toList());
            assertThat(written.get(written.size() - 1).get("summary").get("urls").asInt()).isEqualTo(URLS + 1);
        }
    }

    @Test
    void savedBodiesOfRecordedLinesStayWhereTheReportSays() throws IOException {
        Path urls = list();
        Path state = dir.resolve("state");
        Path bodies = dir.resolve("bodies");
        assertThat(run("--urls", urls.toString(), "--state", state.toString(), "--save-bodies", bodies.toString())
                .run().exitCode()).isZero();
        keepFirst(state.resolve("results.jsonl"), 8);

        JsonNode report = run("--urls", urls.toString(), "--state", state.toString(), "--save-bodies", bodies.toString())
                .report();

        assertThat(indices(report)).hasSize(URLS + 1);
        report.get("results").forEach(result -> {
            if (result.get("outcome").asText().equals("ok")) {
                assertThat(bodies.resolve(result.get("bodyFile").asText())).hasContent("\0".repeat(10));
            }
        });
        try (Stream<Path> files = Files.list(bodies)) {
            assertThat(files.map(f -> f.getFileName().toString())).hasSize(URLS).noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void anotherListIsRefusedUntilTheStateIsReset() throws IOException {
        Path urls = list();
        Path state = dir.resolve("state");
        assertThat(run("--urls", urls.toString(), "--state", state.toString()).run().exitCode()).isZero();
        Path other = Files.writeString(dir.resolve("other.txt"), server.url("/bytes/10?line=other") + "\n");

        CommandRunner.Run refused = CommandRunner.run("--urls", other.toString(), "--state", state.toString(), "--quiet");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.stderr()).contains("url-fetcher: the state folder " + state + " belongs to another list",
                "urls.txt", "other.txt", "--state-reset");
        assertThat(server.requestCount()).isEqualTo(URLS);

        CommandRunner.Reported reset = run("--urls", other.toString(), "--state", state.toString(), "--state-reset");

        assertThat(reset.run().exitCode()).as(reset.run().stderr()).isZero();
        assertThat(indices(reset.report())).containsExactly(0);
        assertThat(requestedLines()).last().isEqualTo("line=other");
        assertThat(Files.readAllLines(state.resolve("results.jsonl"))).hasSize(1);
    }

    @Test
    void modesWhereResumingMakesNoSenseAreRefusedBeforeAnyFetch() throws IOException {
        Path urls = list();
        String state = dir.resolve("state").toString();

        CommandRunner.Run compare = CommandRunner.run("--urls", urls.toString(), "--state", state, "--mode", "compare", "--quiet");
        CommandRunner.Run distributed = CommandRunner.run("--urls", urls.toString(), "--state", state, "--mode", "distributed",
                "--quiet");
        CommandRunner.Run watch = CommandRunner.run("--watch", dir.resolve("inbox").toString(), "--state", state);
        CommandRunner.Run standardInput = withStandardInput(server.url("/bytes/10") + "\n",
                () -> CommandRunner.run("--urls", "-", "--state", state, "--quiet"));

        assertThat(compare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(compare.stderr()).contains("--state works with --mode sequential or parallel, not compare");
        assertThat(distributed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(distributed.stderr()).contains("not distributed");
        assertThat(watch.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(watch.stderr()).contains("--state is for one batch run");
        assertThat(standardInput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(standardInput.stderr()).contains("--state needs the URL list in a file");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aSequentialRunResumesTheSameWay() throws IOException {
        Path urls = list();
        Path state = dir.resolve("state");
        assertThat(run("--urls", urls.toString(), "--state", state.toString(), "--mode", "sequential").run().exitCode()).isZero();
        int keptOk = keepFirst(state.resolve("results.jsonl"), 5);

        JsonNode report = run("--urls", urls.toString(), "--state", state.toString(), "--mode", "sequential").report();

        assertThat(server.requestCount()).isEqualTo(URLS + URLS - keptOk);
        assertThat(report.get("mode").asText()).isEqualTo("sequential");
        assertThat(indices(report)).containsExactlyElementsOf(IntStream.rangeClosed(0, URLS).boxed().toList());
    }

    private static CommandRunner.Run withStandardInput(String input, java.util.function.Supplier<CommandRunner.Run> run) {
        InputStream systemIn = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(systemIn);
        }
    }
}
