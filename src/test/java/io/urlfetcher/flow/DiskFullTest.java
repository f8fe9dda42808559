package io.urlfetcher.flow;

import io.urlfetcher.SlowTest;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full disk and a folder that turns read-only, on a real small file system (a tmpfs mounted for the test): the run
 * ends with exit code 3 and one line naming the path and the reason, and leaves no report, partial report, spool or
 * temporary file behind. A folder that is read-only from the start is a usage error (exit code 2).
 */
@Timeout(180)
@SlowTest
class DiskFullTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @BeforeEach
    void needsASmallFileSystem() {
        SmallFileSystem.assumeAvailable();
    }

    @Test
    void jsonLinesResultsThatDoNotFitTheDiskFailTheRunAndLeaveNoFile() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path reports = disk.folder().resolve("reports");

            CommandRunner.Run run = CommandRunner.run("--urls", urls(2000, "/bytes/3").toString(), "--quiet",
                    "--format", "jsonl", "--sink", "file:" + reports + "?tempPrefix=.writing-");

            // The spool beside the report fills the disk first.
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: the run failed: ")
                    .contains("could not write the results to the spool file " + reports + "/.url-fetcher-spool-",
                            "No space left on device");
            assertThat(disk.files()).isEmpty();
        }
    }

    @Test
    void aJsonLinesReportThatFillsTheDiskMidReportLeavesNoFileUnderAnyName() throws Exception {
        aJsonLinesReportThatDoesNotFitFailsTheRunAndLeavesNoFile(2000);
    }

    @Test
    void aJsonLinesReportInOneWriteBufferThatDoesNotFitIsNotLeftCutShort() throws Exception {
        // Under camel-file's 128 KB buffer the whole report is one channel write: a short one reports no error.
        aJsonLinesReportThatDoesNotFitFailsTheRunAndLeavesNoFile(150);
    }

    private void aJsonLinesReportThatDoesNotFitFailsTheRunAndLeavesNoFile(int lines) throws Exception {
        Path urls = urls(lines, "/bytes/3");
        // How large this report is, on a disk with room; the small disk then holds its spool but not spool and report.
        Path roomy = Files.createDirectories(dir.resolve("roomy"));
        CommandRunner.Run reference = CommandRunner.run("--urls", urls.toString(), "--quiet", "--format", "jsonl",
                "--sink", "file:" + roomy + "?fileName=report.jsonl");
        assertThat(reference.exitCode()).as(reference.stderr()).isZero();
        long size = Files.size(roomy.resolve("report.jsonl"));

        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), (size * 3 / 2 / 1024 + 1) + "k")) {
            Path reports = disk.folder().resolve("reports");

            CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--quiet", "--format", "jsonl",
                    "--sink", "file:" + reports + "?tempPrefix=.writing-");

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: the run failed: could not write the report to "
                    + reports + "/url-fetcher-").contains(".jsonl: ", "no part of it was left")
                    .containsAnyOf("No space left on device", "bytes were written (is the disk full?)");
            assertThat(disk.files()).as("no report, no .writing- file, no spool").isEmpty();
        }
    }

    @Test
    void aJsonReportThatDoesNotFitTheDiskFailsTheRunAndLeavesNoFile() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path reports = disk.folder().resolve("reports");

            CommandRunner.Run run = CommandRunner.run("--urls", urls(2000, "/bytes/3").toString(), "--quiet",
                    "--sink", "file:" + reports + "?tempPrefix=.writing-");

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: the run failed: could not write the report to "
                    + reports + "/url-fetcher-").contains(".json: No space left on device");
            assertThat(disk.files()).isEmpty();
        }
    }

    @Test
    void bodiesThatDoNotFitTheDiskAreDeliveryFailedAndTheRunEndsWithExitCode3() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path bodies = disk.folder().resolve("bodies");

            // Two at a time, so that most lines are still to start when the disk fills up.
            CommandRunner.Reported reported = CommandRunner.runWithReport(dir, "--urls", urls(30, "/bytes/10000").toString(),
                    "--save-bodies", bodies.toString(), "--concurrency", "2");

            CommandRunner.Run run = reported.run();
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: could not save ").contains(" to " + bodies + ": ",
                    "No space left on device", "delivery_failed");
            // The report is written (on another disk) and says which URLs lost their body, and where it was to go.
            List<JsonNode> results = new ArrayList<>();
            reported.report().get("results").forEach(results::add);
            assertThat(results).hasSize(30)
                    .allSatisfy(r -> assertThat(r.get("outcome").asText()).isIn("ok", "delivery_failed", "not_started"));
            // The first failed body stops the run: later bodies would fail the same way, and a resumed run starts them.
            assertThat(run.stderr()).contains("No space left on device: no further URL is started");
            List<JsonNode> notStarted = results.stream().filter(r -> r.get("outcome").asText().equals("not_started")).toList();
            assertThat(notStarted).isNotEmpty().allSatisfy(r -> assertThat(r.get("error").asText())
                    .contains("a body could not be saved: " + bodies + "/", "No space left on device"));
            assertThat(server.requestCount()).isEqualTo(30 - notStarted.size());
            List<JsonNode> failed = results.stream().filter(r -> r.get("outcome").asText().equals("delivery_failed")).toList();
            assertThat(failed).isNotEmpty().allSatisfy(r -> assertThat(r.get("error").asText())
                    .contains("could not write the body to " + bodies + "/", "No space left on device"));
            // Only whole bodies under their final names: no partial body, no .part- file.
            List<String> saved = results.stream().filter(r -> r.get("outcome").asText().equals("ok"))
                    .map(r -> "bodies/" + r.get("bodyFile").asText()).toList();
            assertThat(disk.files()).containsExactlyInAnyOrderElementsOf(saved);
            for (String file : saved) {
                assertThat(Files.size(disk.folder().resolve(file))).isEqualTo(10_000);
            }
        }
    }

    @Test
    void bodiesAndTheReportOnOneFullDiskAreBothNamedInTheLastLine() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path bodies = disk.folder().resolve("bodies");
            Path reports = disk.folder().resolve("reports");

            CommandRunner.Run run = CommandRunner.run("--urls", urls(30, "/bytes/10000").toString(), "--quiet",
                    "--save-bodies", bodies.toString(), "--sink", "file:" + reports + "?tempPrefix=.writing-");

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            // A report that fits one of camel-file's write buffers is cut short without an error from it; a larger one
            // fails at its next write: either way the reason is the file system's.
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: the run failed: could not write the report to " + reports)
                    .contains(".json: No space left on device", "; no part of it was left on disk; and could not save ",
                            " bodies to " + bodies + ": ");
            assertThat(disk.files()).isNotEmpty().allSatisfy(file -> {
                assertThat(file).startsWith("bodies/").doesNotContain(".part-");
                assertThat(Files.size(disk.folder().resolve(file))).isEqualTo(10_000);
            });
        }
    }

    @Test
    void responsesThatDoNotFitAFileResponseSinkAreDeliveryFailedAndNoneIsLeftCutShort() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path pages = disk.folder().resolve("pages");
            Path reports = Files.createDirectories(dir.resolve("reports"));

            CommandRunner.Run run = CommandRunner.run("--urls", urls(30, "/bytes/10000").toString(), "--quiet",
                    "--concurrency", "1", "--response-sink", "file:" + pages, "--sink", "file:" + reports
                            + "?fileName=report.json");

            JsonNode results = new ObjectMapper().readTree(reports.resolve("report.json").toFile()).get("results");
            List<String> outcomes = new ArrayList<>();
            results.forEach(r -> outcomes.add(r.get("outcome").asText()));
            assertThat(outcomes).as(run.stderr()).hasSize(30).contains("ok", "delivery_failed")
                    .allMatch(o -> o.equals("ok") || o.equals("delivery_failed") || o.equals("not_started"));
            // Every response on disk is whole: a write the disk could take only part of is a failure, not a short file.
            assertThat(disk.files()).isNotEmpty().allSatisfy(file ->
                    assertThat(Files.size(disk.folder().resolve(file))).as(file).isEqualTo(10_000));
            assertThat(disk.files()).hasSize((int) outcomes.stream().filter("ok"::equals).count());
            // camel-file reports success for a stream it wrote only in part (one channel write per buffer): each of
            // these came back "ok" with a 4,096-byte file before url-fetcher compared the sizes.
            results.forEach(r -> {
                if (r.get("outcome").asText().equals("delivery_failed")) {
                    assertThat(r.get("error").asText()).containsAnyOf("of its 10000 bytes were written (is the disk full?)",
                            "No space left on device");
                }
            });
        }
    }

    @Test
    void aReportFolderThatTurnsReadOnlyMidRunFailsTheRunAndLeavesNoFile() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "1m")) {
            Path reports = disk.folder().resolve("reports");
            Path urls = urls(10, "/delay/2000");

            CommandRunner.Run run = whileRunning(() -> CommandRunner.run("--urls", urls.toString(), "--quiet",
                    "--sink", "file:" + reports + "?tempPrefix=.writing-"), disk);

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: the run failed: could not write the report to "
                    + reports + "/url-fetcher-").contains(".json: Read-only file system");
            assertThat(server.requestCount()).isEqualTo(10); // it fetched everything first
            assertThat(disk.files()).isEmpty();
        }
    }

    @Test
    void aBodyFolderThatTurnsReadOnlyMidRunMakesDeliveryFailedAndExitCode3() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "1m")) {
            Path bodies = disk.folder().resolve("bodies");
            Path urls = urls(5, "/delay/2000");

            CommandRunner.Run run = whileRunning(() -> CommandRunner.run("--urls", urls.toString(), "--quiet",
                    "--save-bodies", bodies.toString(), "--sink", "file:" + dir.resolve("reports") + "?fileName=report.json"),
                    disk);

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: could not save 5 bodies to " + bodies + ": " + bodies + "/")
                    .endsWith(": Read-only file system (their URLs are delivery_failed)");
            JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("reports/report.json").toFile());
            assertThat(report.get("outcomes").get("delivery_failed").asInt()).isEqualTo(5);
            assertThat(disk.files()).isEmpty();
        }
    }

    @Test
    void aReportFolderThatIsReadOnlyAtStartIsAUsageErrorBeforeAnythingIsFetched() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path reports = Files.createDirectories(disk.folder().resolve("reports"));
            disk.makeReadOnly();

            CommandRunner.Run run = CommandRunner.run("--urls", urls(3, "/bytes/3").toString(), "--quiet",
                    "--sink", "file:" + reports + "?tempPrefix=.writing-");

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.lastErrorLine()).contains("invalid --sink", "cannot create or write the folder " + reports);
            assertThat(server.requestCount()).isZero();
        }
    }

    /** Runs the command and, once the server has seen its first request, makes the disk read-only. */
    private CommandRunner.Run whileRunning(java.util.function.Supplier<CommandRunner.Run> command, SmallFileSystem disk)
            throws Exception {
        CompletableFuture<CommandRunner.Run> run = CompletableFuture.supplyAsync(command);
        await("the run's first request (or its end)").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> server.requestCount() > 0 || run.isDone());
        assertThat(server.requestCount()).as("the run started fetching").isPositive();
        disk.makeReadOnly(); // /delay/2000: no response has arrived yet, so no file on the disk is open
        return run.get(60, TimeUnit.SECONDS);
    }

    private Path urls(int count, String path) throws IOException {
        return server.urlList(dir, count, path);
    }

}
