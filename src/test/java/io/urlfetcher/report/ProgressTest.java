package io.urlfetcher.report;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.core.FetchProgress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class ProgressTest {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @TempDir
    Path dir;

    @Test
    void theLineSaysDoneTotalFailuresRateElapsedAndEta() {
        FetchProgress.Snapshot now = new FetchProgress.Snapshot("parallel", 1200, 3, Duration.ofSeconds(3).toNanos());

        assertThat(ProgressPrinter.line(now, 5000))
                .isEqualTo("parallel: 1,200/5,000 URLs, 3 failed, 400 URLs/s, 3.0 s elapsed, ETA 10 s");
        assertThat(ProgressPrinter.line(now, -1)).isEqualTo("parallel: 1,200 URLs, 3 failed, 400 URLs/s, 3.0 s elapsed");
    }

    @Test
    void aResumedRunSaysHowManyWereAlreadyDoneAndRatesOnlyItsOwn() {
        FetchProgress progress = new FetchProgress();
        progress.begin("parallel");
        progress.resumed(800, 2);
        progress.completed(FetchResult.unfetched(0, 1, "x", Outcome.TIMEOUT, "slow", null));
        assertThat(progress.snapshot().done()).isEqualTo(801);
        assertThat(progress.snapshot().failed()).isEqualTo(3);

        FetchProgress.Snapshot now = new FetchProgress.Snapshot("parallel", 2000, 3, Duration.ofSeconds(4).toNanos(), 800);
        assertThat(ProgressPrinter.line(now, 5000)).isEqualTo(
                "parallel: 2,000/5,000 URLs (resumed: 800 already done), 3 failed, 300 URLs/s, 4.0 s elapsed, ETA 10 s");
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndClearedAtTheEnd() throws Exception {
        FetchProgress progress = new FetchProgress();
        progress.begin("parallel");
        progress.completed(FetchResult.unfetched(0, 1, "x", Outcome.TIMEOUT, "slow", null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        try (ProgressPrinter printer = new ProgressPrinter(progress, () -> 10, terminal, Duration.ofHours(1))) {
            await("two redraws (one every 250 ms)").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> redraws(bytes) >= 2);
        }

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(redraws(bytes)).isGreaterThanOrEqualTo(3); // two redraws of the same line, then the clearing
        assertThat(shown).startsWith("\rparallel: 1/10 URLs, 1 failed").doesNotContain("\n").endsWith("\r");
    }

    private static long redraws(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\r').count();
    }

    @Test
    void withoutATerminalProgressIsLoggedEveryFewSecondsAndQuietTurnsItOff() throws Exception {
        Path urls = Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, 6)
                .mapToObj(i -> server.url("/delay/300?i=" + i)).collect(Collectors.joining("\n")) + "\n# done\n");

        CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--mode", "sequential",
                "--progress-every", "500ms", "--sink", "file:" + dir.resolve("reports"));
        CommandRunner.Run quiet = CommandRunner.run("--urls", urls.toString(), "--mode", "sequential", "--quiet",
                "--progress-every", "500ms", "--sink", "file:" + dir.resolve("reports"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).containsPattern("io\\.urlfetcher\\.progress - sequential: [1-5]/6 URLs, 0 failed, \\d+ URLs/s");
        assertThat(quiet.exitCode()).as(quiet.stderr()).isZero();
        assertThat(quiet.stderr()).doesNotContain("io.urlfetcher.progress");
    }
}
