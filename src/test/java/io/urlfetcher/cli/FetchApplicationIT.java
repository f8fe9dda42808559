package io.urlfetcher.cli;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged jar as a user starts it: a separate JVM that must exit by itself with the right code. */
@SlowTest
class FetchApplicationIT {

    private static final long PROCESS_LIMIT_SECONDS = 60;

    @TempDir
    Path dir;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Run runJar(String... args) throws IOException, InterruptedException {
        return runJarWith(Path.of(System.getProperty("java.home"), "bin", "java"), args);
    }

    private Run runJarWith(Path java, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-jar", System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            boolean exited = process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS);
            assertThat(exited).as("the process exits by itself within %d s", PROCESS_LIMIT_SECONDS).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    @Test
    void theOfflineDemoComparesBothModesAndWritesAReport() throws Exception {
        Run run = runJar("--demo");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("sequential: 5 URLs, concurrency 1", "parallel: 5 URLs", "/delay/890",
                "total time").containsPattern("parallel was \\d+\\.\\dx faster than sequential");
        try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            List<Path> files = reports.toList();
            assertThat(files).hasSize(1);
            JsonNode report = new ObjectMapper().readTree(files.get(0).toFile());
            assertThat(report.get("parallel").get("outcomes").get("ok").asInt()).isEqualTo(5);
            assertThat(report.get("sequential").get("outcomes").get("ok").asInt()).isEqualTo(5);
        }
    }

    @Test
    void fetchesAUrlFileAgainstALocalServer() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path urls = Files.writeString(dir.resolve("urls.txt"),
                    server.uri("/bytes/100") + "\r\n" + server.uri("/status/404") + "\r\nnot a url\r\n");

            Run run = runJar("--urls", urls.toString(), "--mode", "sequential", "--format", "jsonl");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("3 URLs", "1 ok, 1 http_error, 1 invalid_url", "report: reports/");
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void urlsDashFetchesStandardInputWhileItIsStillBeingWritten() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path stdout = dir.resolve("stdout.txt");
            Path stderr = dir.resolve("stderr.txt");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("urlfetcher.jar", "target/url-fetcher.jar"), "--urls", "-")
                    .directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            try (java.io.Writer stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                // Camel's streaming split reads one line ahead (to know which part is the last): two lines in.
                stdin.write(server.uri("/bytes/10?first") + "\n" + server.uri("/bytes/20?second") + "\n");
                stdin.flush();
                await("the first line fetched while standard input is open (or the process exits)")
                        .atMost(Duration.ofSeconds(PROCESS_LIMIT_SECONDS)).pollInterval(Duration.ofMillis(10))
                        .until(() -> server.requestCount() > 0 || !process.isAlive());
                assertThat(server.requestCount()).as("the first line is fetched before standard input ends").isEqualTo(1);
                stdin.write(server.uri("/status/404?third") + "\n");
            }
            try {
                assertThat(process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            } finally {
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
            assertThat(Files.readString(stdout)).contains("3 URLs", "2 ok, 1 http_error");
            assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query)
                    .containsExactlyInAnyOrder("first", "second", "third");
        }
    }

    @Test
    void sinkDashStreamsEachResultToStandardOutputAsItCompletesAndTheSummaryLast() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("urlfetcher.jar", "target/url-fetcher.jar"), "--format", "jsonl", "--sink", "-",
                    server.uri("/delay/3000?slow").toString(), server.uri("/bytes/5?fast").toString())
                    .directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
            List<String> lines = new ArrayList<>();
            List<Long> arrivals = new ArrayList<>();
            try (java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                    arrivals.add(System.nanoTime());
                }
            } finally {
                assertThat(process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
            ObjectMapper json = new ObjectMapper();
            assertThat(lines).hasSize(3);
            assertThat(json.readTree(lines.get(0)).get("url").asText()).endsWith("?fast");
            assertThat(json.readTree(lines.get(1)).get("url").asText()).endsWith("?slow");
            assertThat(json.readTree(lines.get(2)).get("summary").get("urls").asInt()).isEqualTo(2);
            // The fast result was on standard output while the slow one was still in flight: two seconds and more before it.
            assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0))).isGreaterThan(2000);
            assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("parallel: 2 URLs", "report: standard output");
            assertThat(dir.resolve("reports")).as("no report file").doesNotExist();
        }
    }

    @Test
    void aReaderThatGoesAwayStopsTheRunQuietlyWithExitCode141() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path urls = Files.writeString(dir.resolve("urls.txt"), String.join("\n",
                    java.util.stream.IntStream.range(0, 60).mapToObj(i -> server.uri("/delay/500?i=" + i).toString())
                            .toList()) + "\n");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("urlfetcher.jar", "target/url-fetcher.jar"), "--format", "jsonl", "--sink", "-",
                    "--urls", urls.toString(), "--concurrency", "2")
                    .directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
            try (java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).contains("\"index\"");
            } // | head -1: the reader closes the pipe after one line
            try {
                assertThat(process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            } finally {
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).isEqualTo(141);
            assertThat(server.requestCount()).as("the run stopped: 60 URLs at two at a time would take 15 s").isLessThan(30);
            assertThat(Files.readString(dir.resolve("stderr.txt"))).as("quietly").doesNotContain("Exception", "error");
        }
    }

    @Test
    void aMissingFileExitsWithTwoAndSaysSoBeforeCamelStarts() throws Exception {
        Run run = runJar("--urls", "missing.txt");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("url-fetcher: cannot read URL list 'missing.txt': no such file; check the path"
                + " given to --urls" + System.lineSeparator());
        assertThat(dir.resolve("reports")).as("nothing made").doesNotExist();
    }

    @Test
    void theVersionNamesUrlFetchersCamelsAndJavasVersions() throws Exception {
        Run run = runJar("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().strip()).matches("url-fetcher \\S+, Apache Camel 4\\.18\\.0, Java " + Runtime.version()
                .feature() + "\\S*");
    }

    @Test
    void virtualThreadsStillHonourTheConcurrency() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "no Java 21+ JDK on this machine");
        try (LocalTargetServer server = LocalTargetServer.start()) {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < 9; i++) {
                list.append(server.uri("/delay/300")).append('\n');
            }
            Path urls = Files.writeString(dir.resolve("urls.txt"), list);

            Run run = runJarWith(java25, "--urls", urls.toString(), "--concurrency", "3", "--virtual-threads");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("parallel: 9 URLs, concurrency 3, virtual threads", "9 ok");
            assertThat(server.peakInFlight()).isEqualTo(3);
        }
    }

    @Test
    void onJava17VirtualThreadsFallBackToPlatformThreadsAndSaySo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 21, "this JVM has virtual threads");
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path urls = Files.writeString(dir.resolve("urls.txt"), server.uri("/bytes/1") + "\n");

            Run run = runJar("--urls", urls.toString(), "--virtual-threads");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains("virtual threads need Java 21 or newer");
            assertThat(run.stdout()).contains("platform threads");
        }
    }
}
