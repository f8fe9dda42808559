package io.urlfetcher.flow.result;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.FetchApplication;
import io.urlfetcher.cli.TestProcesses;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.core.ResultCollector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the results spool lives, and which leftovers of earlier runs a new run deletes. */
class SpooledResultsTest {

    @TempDir
    Path dir;

    private static long pidOfAnExitedProcess() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    private Stream<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    @Test
    void aNewSpoolDeletesTheSpoolsOfProcessesThatNoLongerRunAndKeepsThoseOfLiveOnes() throws Exception {
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path dead = Files.writeString(dir.resolve(".url-fetcher-spool-" + pidOfAnExitedProcess() + "-123.jsonl"), "{}\n");
        Path alive = Files.writeString(dir.resolve(".url-fetcher-spool-" + live + "-456.jsonl"), "{}\n");
        Path mine = Files.writeString(dir.resolve(".url-fetcher-spool-" + ProcessHandle.current().pid() + "-789.jsonl"), "");
        Path report = Files.writeString(dir.resolve("url-fetcher-20261201-000000-000.jsonl"), "{}\n");

        ResultCollector.Collected collected = new SpooledResults(dir).finish();

        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
        assertThat(mine).exists();
        assertThat(report).exists();
        assertThat(collected.spool().getParent()).isEqualTo(dir);
        assertThat(collected.spool().getFileName().toString())
                .matches("\\.url-fetcher-spool-" + ProcessHandle.current().pid() + "-\\d+\\.jsonl");
        assertThat(names()).hasSize(4);
    }

    @Test
    void theSpoolLivesInTheFolderOfAFileSinkElseInTheTemporaryFolder() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        assertThat(SpooledResults.folderFor("file:reports?tempPrefix=.writing-")).isEqualTo(Path.of("reports"));
        assertThat(SpooledResults.folderFor("file:///data/reports")).isEqualTo(Path.of("/data/reports"));
        assertThat(SpooledResults.folderFor("jms:queue:reports")).isEqualTo(tmp);
        assertThat(SpooledResults.folderFor("file:${header.dir}")).isEqualTo(tmp);
    }

    /** A real run killed with SIGKILL mid-way leaves its spool beside the report; the next run deletes it. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void theSpoolOfARunKilledWithSigkillIsDeletedByTheNextRun() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        String sink = "file:" + reports + "?tempPrefix=.writing-";
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path urls = Files.writeString(dir.resolve("urls.txt"), server.uri("/bytes/1") + "\n"
                    + server.uri("/delay/60000") + "\n");
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            Process run = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                    FetchApplication.class.getName(), "--urls", urls.toString(), "--format", "jsonl", "--sink", sink,
                    "--timeout", "90s", "--read-timeout", "90s", "--quiet")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("killed-run.log").toFile()).start();
            try {
                TestProcesses.await(() -> spools(reports) > 0, run, java.time.Duration.ofSeconds(60));
                assertThat(spools(reports)).as("the run's spool beside its report").isEqualTo(1);
            } finally {
                run.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no deleteOnExit
            }
            assertThat(spools(reports)).as("left behind by the killed run").isEqualTo(1);

            Path next = Files.writeString(dir.resolve("next.txt"), server.uri("/bytes/1") + "\n");
            CommandRunner.Run second = CommandRunner.run("--urls", next.toString(), "--format", "jsonl", "--sink", sink,
                    "--quiet");

            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(spools(reports)).isZero();
        }
    }

    private static long spools(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(SpooledResults.PREFIX)).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
