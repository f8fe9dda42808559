package io.urlfetcher.cli;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/url-fetcher} with options of the caller's own in {@code URL_FETCHER_JAVA_OPTS}: the caller's garbage
 * collector replaces the launcher's (two and the JVM refuses to start), a heap of the caller's drops the launcher's
 * young generation (with {@code -Xmx48m} the JVM would warn on the output). A batch runs C1 only, a long-lived process
 * ({@code --every}, {@code --watch}, {@code worker}) the full tiered JIT.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@SlowTest
class LauncherScriptIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "--urls u.txt", "--urls u.txt --every 1h", "--urls u.txt --every=1h", "--watch inbox",
            "worker", "submit --urls u.txt" })
    void aBatchRunsC1OnlyAndALongLivedProcessTheFullTieredJit(String arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/url-fetcher"));
        command.addAll(List.of(arguments.split(" ")));
        command.add("--help"); // the JVM prints its flags as it starts; the help ends the process at once
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        builder.environment().put("URL_FETCHER_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        builder.environment().put("URL_FETCHER_JAR",
                new File(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).getAbsolutePath());
        Process run = builder.start();
        try {
            assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String flags = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("-XX:")).findFirst().orElse("");
            assertThat(run.exitValue()).as(flags).isZero();
            assertThat(flags).contains("-XX:+UseSerialGC");
            boolean longLived = arguments.contains("--every") || arguments.contains("--watch") || arguments.startsWith("worker");
            if (longLived) {
                assertThat(flags).doesNotContain("TieredStopAtLevel");
            } else {
                assertThat(flags).contains("-XX:TieredStopAtLevel=1");
            }
        } finally {
            run.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-XX:+UseParallelGC", "-XX:+UseG1GC -Xms64m", "-Xmx48m" })
    void theCallersOwnOptionsRunWithoutAnErrorOrAWarningFromTheJvm(String callerOptions) throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Path urls = Files.writeString(dir.resolve("urls.txt"), server.uri("/bytes/10") + "\n");
            ProcessBuilder builder = new ProcessBuilder("bin/url-fetcher", "--urls", urls.toString(), "--quiet",
                    "--sink", "file:" + dir.resolve("reports"))
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().put("URL_FETCHER_JAVA_OPTS", callerOptions);
            builder.environment().put("URL_FETCHER_JAR",
                    new File(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).getAbsolutePath());
            Process run = builder.start();
            try {
                assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
                String output = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8)
                                + Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
                assertThat(run.exitValue()).as(output).isZero();
                assertThat(output).doesNotContainIgnoringCase("warning").doesNotContain("garbage collectors");
                Path report;
                try (var files = Files.list(dir.resolve("reports"))) {
                    report = files.findFirst().orElseThrow();
                }
                assertThat(new ObjectMapper().readTree(report.toFile()).get("outcomes").get("ok").asInt()).isEqualTo(1);
            } finally {
                run.destroyForcibly();
            }
        }
    }
}
