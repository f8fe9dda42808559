package io.urlfetcher.flow;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.SmallFileSystem;
import io.urlfetcher.cli.demo.LocalTargetServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The test with the packaged jar in its own JVM: a report of 2,000 results (URLs of 50 ms) that does not fit
 * the disk ends the process with exit code 3, a last line naming the path and the reason, and no file under any name.
 * Once on a 64 KB tmpfs (needs root, as this machine and CI have), once under a file-size limit ({@code ulimit -f},
 * anywhere: the JVM ignores SIGXFSZ, so the write fails with EFBIG).
 */
@Timeout(240)
@SlowTest
class DiskFullIT {

    private static final long PROCESS_LIMIT_SECONDS = 90;

    @TempDir
    Path dir;

    private LocalTargetServer server;
    private Path urls;

    @BeforeEach
    void startServer() throws IOException {
        server = LocalTargetServer.start();
        urls = Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, 2000)
                .mapToObj(i -> server.uri("/delay/50") + "?" + i).collect(Collectors.joining("\n", "", "\n")));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "json", "jsonl" })
    void aReportThatDoesNotFitASmallDiskEndsTheJarWithExitCode3(String format) throws Exception {
        assumeTrue(SmallFileSystem.available(), "mounting a tmpfs needs root and mount(8); the ulimit test still runs");
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "64k")) {
            Path reports = disk.folder().resolve("reports");

            CommandRunner.Run run = runJar("", format, reports);

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(lastLine(run)).startsWith("url-fetcher: the run failed: ")
                    .contains(reports + "/", "No space left on device");
            assertThat(disk.files()).as("no report, no temporary file, no spool").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "json", "jsonl" })
    void aReportPastTheFileSizeLimitEndsTheJarWithExitCode3(String format) throws Exception {
        Path reports = dir.resolve("reports");

        CommandRunner.Run run = runJar("ulimit -f 64; ", format, reports); // 64 KB per file

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(lastLine(run)).startsWith("url-fetcher: the run failed: ").contains(reports + "/", "File too large");
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /** {@code java -jar} through bash, so a limit can be set first; the process must exit by itself. */
    private CommandRunner.Run runJar(String limit, String format, Path reports) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString();
        String command = limit + "exec \"$0\" -jar \"$1\" --urls \"$2\" --quiet --format \"$3\" --sink \"$4\"";
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(List.of("bash", "-c", command, java, jar, urls.toString(), format,
                "file:" + reports + "?tempPrefix=.writing-"))
                .directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS))
                    .as("the process exits by itself within %d s", PROCESS_LIMIT_SECONDS).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new CommandRunner.Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static String lastLine(CommandRunner.Run run) {
        return run.stderr().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
    }
}
