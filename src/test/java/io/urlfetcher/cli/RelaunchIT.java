package io.urlfetcher.cli;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar url-fetcher.jar} started plainly starts itself again with bin/url-fetcher's JVM options
 * ({@link Relaunch}): the child's command line, the exit code, and the signals and kill of the process a user started.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SlowTest
class RelaunchIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LocalTargetServer server;
    private final List<ProcessHandle> processes = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads the child's command line in /proc");
        server = LocalTargetServer.start();
    }

    @AfterEach
    void stop() {
        for (ProcessHandle process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePlainJarRunsTheBatchInAChildWithTheLaunchersOptionsAndTheCallersOwn() throws Exception {
        Process run = start(List.of("-Dfetch.grace=3s", "-Xmx256m"), urls(300, "/delay/100"), "--concurrency", "5");
        ProcessHandle child = child(run);

        List<String> command = commandLine(child);
        assertThat(command).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-Durl-fetcher.launched-by=" + run.pid(), "-Dfetch.grace=3s", "-Xmx256m", "-cp");
        assertThat(command).anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit=")
                                               || option.startsWith("-XX:SharedArchiveFile="));
        assertThat(command).as("the caller sized the heap").doesNotContain("-Xmn64m");
        assertThat(command).containsAll(TransparentHugePages.options(TransparentHugePages.MODE_FILE));
        assertThat(command.subList(command.size() - 6, command.size()))
                .containsExactly("io.urlfetcher.cli.FetchApplication", "--urls", dir.resolve("urls.txt").toString(),
                        "--quiet", "--concurrency", "5");

        TestProcesses.await(() -> server.requestCount() >= 20, run, LIMIT);
        run.destroy(); // SIGTERM to the process the user started: sent on, and the child stops as it did by itself

        assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(stderr()).isTrue();
        assertThat(run.exitValue()).as(stderr()).isEqualTo(143);
        assertThat(child.isAlive()).isFalse();
        assertThat(stderr()).contains("url-fetcher: SIGTERM: stopping: ", "waiting up to 3 s", "url-fetcher: stopped by SIGTERM: ")
                .doesNotContain("again: stopping at once");
        JsonNode report = report();
        assertThat(report.get("results")).hasSize(300);
        assertThat(report.get("outcomes").get("not_started").asInt()).isPositive();
    }

    @Test
    void withoutAHeapSizeOfTheCallersTheChildGetsTheLaunchersYoungGeneration() throws Exception {
        assumeFalse(Relaunch.sizesHeap(List.of((System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "") + " "
                + System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "")).split(" "))), "the environment sizes the heap");
        Process run = start(List.of(), urls(300, "/delay/100"), "--concurrency", "5");

        assertThat(commandLine(child(run))).contains("-Xmn64m")
                .containsAll(TransparentHugePages.options(TransparentHugePages.MODE_FILE));
    }

    @Test
    void aHeapSmallerThanTheLaunchersYoungGenerationRunsWithoutAWarningFromTheJvm() throws Exception {
        // With -Xmn64m kept, the JVM would print "MaxNewSize (65536k) is equal to or greater than the entire heap"
        Process run = start(List.of("-Xmx48m"), urls(20, "/bytes/10"), "--concurrency", "5");

        assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(stderr()).isTrue();
        assertThat(run.exitValue()).as(stderr()).isZero();
        assertThat(stdout() + stderr()).doesNotContainIgnoringCase("warning");
        assertThat(report().get("outcomes").get("ok").asInt()).isEqualTo(20);
    }

    @Test
    void theChildsExitCodeIsTheProcesssExitCode() throws Exception {
        Path urls = Files.writeString(dir.resolve("urls.txt"), server.uri("/status/500") + "\n");
        Process failed = start(List.of(), urls, "--fail-on-error");
        assertThat(failed.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(failed.exitValue()).as(stderr()).isEqualTo(ExitCodes.URL_FAILED);

        Process missing = start(List.of(), dir.resolve("missing.txt"));
        assertThat(missing.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).as(stderr()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void ctrlCInATerminalReachesBothProcessesAndCountsOnce() throws Exception {
        assumeFalse(StopSignalIT.sigintIgnored(), "SIGINT is ignored by this process (started in the background)");
        Process run = start(List.of(), urls(300, "/delay/100"), "--concurrency", "5");
        ProcessHandle child = child(run);
        TestProcesses.await(() -> server.requestCount() >= 10, run, LIMIT);

        // What the terminal does: SIGINT to every process of the foreground group; the launcher sends its copy on too.
        signal("INT", run.pid(), child.pid());

        assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(stderr()).isTrue();
        assertThat(run.exitValue()).as(stderr()).isEqualTo(130);
        assertThat(stderr()).contains("url-fetcher: SIGINT: stopping: ", "url-fetcher: stopped by SIGINT: ")
                .doesNotContain("again: stopping at once");
        assertThat(report().get("results")).hasSize(300);
    }

    @Test
    void systemdsStopOfTheWholeGroupCountsOnceAndASecondSigtermStopsAtOnce() throws Exception {
        Process run = start(List.of(), urls(30, "/delay/30000"), "--concurrency", "10", "--grace", "2m");
        ProcessHandle child = child(run);
        TestProcesses.await(() -> server.requestCount() >= 5, run, LIMIT);

        signal("TERM", run.pid(), child.pid()); // KillMode=control-group: SIGTERM to every process of the service
        TestProcesses.await(() -> stderr().contains("stopping: "), run, LIMIT);
        assertThat(run.isAlive()).as("one stop, waiting for the requests in flight (grace 2m): %s", stderr()).isTrue();
        run.destroy(); // a second SIGTERM, to the launcher only

        assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(stderr()).isTrue();
        assertThat(run.exitValue()).isEqualTo(143);
        assertThat(stderr()).contains("url-fetcher: SIGTERM again: stopping at once, without a report");
    }

    @Test
    void theChildOfALauncherKilledWithSigkillHaltsWithoutAReport() throws Exception {
        Process run = start(List.of(), urls(2000, "/delay/50"), "--concurrency", "10");
        ProcessHandle child = child(run);
        TestProcesses.await(() -> server.requestCount() >= 50, run, LIMIT);

        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        // A hang guard, not a timing: the child looks every 100 ms.
        await("the child halts when its launcher is gone").atMost(Duration.ofSeconds(20)).until(() -> !child.isAlive());
        assertThat(stderr()).contains("url-fetcher: the java process that started this one is gone");
        try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            assertThat(reports).as("no report, as from a killed run").isEmpty();
        }
    }

    @Test
    void theOptOutAndTheLaunchersOwnOptionsRunInTheJvmAsStarted() throws Exception {
        for (List<String> options : List.of(List.of("-Durl-fetcher.relaunch=false"), List.of("-XX:TieredStopAtLevel=1"))) {
            int before = server.requestCount(); // the same server for both: wait for this run's own requests
            Process run = start(options, urls(100, "/delay/100"), "--concurrency", "2");
            TestProcesses.await(() -> server.requestCount() >= before + 2, run, LIMIT);
            assertThat(run.children()).as("no child with %s", options).isEmpty();
            run.destroy();
            assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(stderr()).isEqualTo(143);
        }
    }

    @Test
    void aSigtermAtAnyPointOfStartUpEndsWith143() throws Exception {
        // Main, failing because the JVM is shutting down under it, must not replace the signal's exit code (CI saw 1).
        for (long delayMillis : new long[] { 0, 50, 150, 300, 600, 1000 }) {
            Process run = start(List.of("-Durl-fetcher.relaunch=false"), urls(100, "/delay/100"), "--concurrency", "2");
            Thread.sleep(delayMillis);
            run.destroy();
            assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as("SIGTERM %d ms after the start: %s", delayMillis, stderr()).isEqualTo(143);
        }
    }

    @Test
    void aServiceRunsInTheJvmAsStarted() throws Exception {
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        Process service = start(List.of(), List.of("--watch", inbox.toString()));
        TestProcesses.await(() -> stderr().contains("watching " + inbox) || stdout().contains("watching " + inbox),
                service, LIMIT);
        assertThat(service.isAlive()).as(stderr()).isTrue();

        assertThat(service.children()).as("--watch is not relaunched").isEmpty();
        service.destroy();
        assertThat(service.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private Process start(List<String> jvmOptions, Path urls, String... options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--urls", urls.toString(), "--quiet"));
        arguments.addAll(List.of(options));
        return start(jvmOptions, arguments);
    }

    private Process start(List<String> jvmOptions, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        processes.add(process.toHandle());
        return process;
    }

    private ProcessHandle child(Process run) {
        TestProcesses.await(() -> run.children().findAny().isPresent(), run, LIMIT);
        Optional<ProcessHandle> child = run.children().findFirst();
        assertThat(child).as("the launcher started a child: %s", stderr()).isPresent();
        return child.get();
    }

    /** The child's whole command line, from /proc (ProcessHandle.Info may cut it). */
    private static List<String> commandLine(ProcessHandle process) throws IOException {
        String cmdline = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"), StandardCharsets.UTF_8);
        return Arrays.asList(cmdline.split("\0"));
    }

    private Path urls(int count, String path) throws IOException {
        return Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, count)
                .mapToObj(i -> server.uri(path + "?line=" + i).toString()).collect(Collectors.joining("\n", "", "\n")));
    }

    /** {@code kill -SIGNAL pid...}, one call: as a terminal or systemd signals a group. */
    private static void signal(String signal, long... pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        for (long pid : pids) {
            command.add(String.valueOf(pid));
        }
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private String stdout() {
        try {
            return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode report() throws IOException {
        try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            List<Path> files = reports.toList();
            assertThat(files).as("one report").hasSize(1);
            return new ObjectMapper().readTree(files.get(0).toFile());
        }
    }
}
