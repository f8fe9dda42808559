package io.urlfetcher.flow;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.SmallFileSystem;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk and {@code --state} together, on a real small file system (a tmpfs mounted for the test): a run that
 * fails with exit code 3 because the state's disk, the bodies' disk or the report's disk is full leaves a state that
 * resumes. Once the disk has grown (a remount, in place), the same command fetches only the lines not done and writes
 * the whole report, every line once.
 */
@Timeout(180)
class DiskFullResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @BeforeEach
    void needsASmallFileSystem() {
        SmallFileSystem.assumeAvailable();
    }

    @Test
    void aStateWhoseDiskFillsUpResumesOnceTheDiskHasRoomAndFetchesOnlyTheLinesNotRecorded() throws Exception {
        int count = 1000;
        int concurrency = 8;
        Path urls = urls(count, "/bytes/3");
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path state = disk.folder().resolve("state");
            String[] command = {"--urls", urls.toString(), "--state", state.toString(),
                    "--concurrency", String.valueOf(concurrency)};

            CommandRunner.Reported first = CommandRunner.runWithReport(dir, command);

            assertThat(first.run().exitCode()).as(first.run().stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(first.run().lastErrorLine()).contains("could not write the run state to " + state.resolve("results.jsonl"),
                    "No space left on device");
            Set<Integer> recorded = doneIn(state.resolve("results.jsonl"));
            assertThat(recorded).as("the state kept what it recorded before the disk filled up").isNotEmpty()
                    .hasSizeLessThan(count);
            int requestedByFirst = server.requestCount();

            disk.resize("4m");
            CommandRunner.Reported second = CommandRunner.runWithReport(dir, command);

            assertThat(second.run().exitCode()).as(second.run().stderr()).isZero();
            assertThat(second.run().stderr()).contains("Resuming from " + state + ": " + recorded.size() + " lines already done");
            Map<Integer, Long> requestsPerLine = requestsPerLine();
            assertThat(requestsPerLine).as("every line was requested").hasSize(count);
            assertThat(requestsPerLine.values()).allMatch(n -> n <= 2);
            List<Integer> twice = requestsPerLine.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).toList();
            assertThat(twice).as("only lines without a done record are requested again").doesNotContainAnyElementsOf(recorded);
            assertThat(server.requestCount()).as("the resumed run fetched exactly the lines not recorded")
                    .isEqualTo(requestedByFirst + count - recorded.size())
                    .isLessThanOrEqualTo(count + concurrency);
            assertWholeReport(second.report(), count);
            System.out.printf("state disk full: %d of %d recorded, %d requested by the first run, %d lines twice%n",
                    recorded.size(), count, requestedByFirst, twice.size());
        }
    }

    @Test
    void bodiesThatDidNotFitTheDiskAreFetchedAgainOnceTheDiskHasRoomAndOnlyThey() throws Exception {
        int count = 30;
        Path urls = urls(count, "/bytes/10000");
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path bodies = disk.folder().resolve("bodies");
            String[] command = {"--urls", urls.toString(), "--state", dir.resolve("state").toString(),
                    "--save-bodies", bodies.toString(), "--concurrency", "2"};

            CommandRunner.Reported first = CommandRunner.runWithReport(dir, command);

            assertThat(first.run().exitCode()).as(first.run().stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            Map<String, Integer> outcomes = outcomes(first.report());
            assertThat(outcomes.keySet()).isSubsetOf("ok", "delivery_failed", "not_started", "interrupted");
            assertThat(outcomes.get("delivery_failed")).isPositive();
            assertThat(outcomes.get("not_started")).isPositive();
            int notDone = count - outcomes.getOrDefault("ok", 0);
            int requestedByFirst = server.requestCount();

            disk.resize("4m");
            CommandRunner.Reported second = CommandRunner.runWithReport(dir, command);

            assertThat(second.run().exitCode()).as(second.run().stderr()).isZero();
            assertThat(server.requestCount()).as("only the delivery_failed, not_started and interrupted lines are fetched again")
                    .isEqualTo(requestedByFirst + notDone);
            assertWholeReport(second.report(), count);
            for (JsonNode result : second.report().get("results")) {
                Path body = bodies.resolve(result.get("bodyFile").asText());
                assertThat(body).exists();
                assertThat(Files.size(body)).isEqualTo(10_000);
            }
            assertThat(disk.files()).hasSize(count).allSatisfy(file -> assertThat(file).doesNotContain(".part-"));
            System.out.printf("bodies disk full: first run %s, %d requested; resumed run fetched %d%n",
                    outcomes, requestedByFirst, notDone);
        }
    }

    @Test
    void aReportThatDidNotFitTheDiskIsWrittenWholeOnceTheDiskHasRoomWithoutFetchingAgain() throws Exception {
        int count = 2000;
        Path urls = urls(count, "/bytes/3");
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path reports = disk.folder().resolve("reports");
            String[] command = {"--urls", urls.toString(), "--state", dir.resolve("state").toString(), "--quiet",
                    "--sink", "file:" + reports + "?tempPrefix=.writing-"};

            CommandRunner.Run first = CommandRunner.run(command);

            assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(first.lastErrorLine()).startsWith("url-fetcher: the run failed: could not write the report to " + reports)
                    .contains("No space left on device");
            assertThat(disk.files()).as("no report, no .writing- file").isEmpty();
            assertThat(server.requestCount()).isEqualTo(count);

            disk.resize("4m");
            CommandRunner.Run second = CommandRunner.run(command);

            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(server.requestCount()).as("every line was recorded: nothing is fetched again").isEqualTo(count);
            List<String> files = disk.files();
            assertThat(files).hasSize(1).allSatisfy(file -> assertThat(file).startsWith("reports/url-fetcher-").endsWith(".json"));
            assertWholeReport(JSON.readTree(disk.folder().resolve(files.get(0)).toFile()), count);
        }
    }

    /** The report has every index once, in order, each ok and for its own line. */
    private static void assertWholeReport(JsonNode report, int count) {
        assertThat(report.get("urls").asInt()).isEqualTo(count);
        assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(count);
        List<Integer> indices = new ArrayList<>();
        report.get("results").forEach(result -> {
            indices.add(result.get("index").asInt());
            assertThat(result.get("outcome").asText()).isEqualTo("ok");
            assertThat(result.get("url").asText()).endsWith("?" + result.get("index").asInt());
        });
        assertThat(indices).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
    }

    /** The indices the state file records as done (ok here); a line the full disk cut short is skipped, as the run does. */
    private static Set<Integer> doneIn(Path results) throws IOException {
        Set<Integer> done = new HashSet<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            JsonNode result;
            try {
                result = JSON.readTree(line);
            } catch (IOException cut) {
                continue;
            }
            if (result != null && result.get("outcome").asText().equals("ok")) {
                done.add(result.get("index").asInt());
            }
        }
        return done;
    }

    /** How often the server was asked for each line (the query names it). */
    private Map<Integer, Long> requestsPerLine() {
        return server.received().stream().collect(Collectors.groupingBy(r -> Integer.parseInt(r.query()), TreeMap::new,
                Collectors.counting()));
    }

    private static Map<String, Integer> outcomes(JsonNode report) {
        Map<String, Integer> counts = new TreeMap<>();
        report.get("outcomes").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }

    private Path urls(int count, String path) throws IOException {
        return server.urlList(dir, count, path);
    }

}
