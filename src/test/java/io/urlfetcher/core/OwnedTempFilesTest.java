package io.urlfetcher.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OwnedTempFilesTest {

    @TempDir
    Path folder;

    @Test
    void filesOfAProcessThatExitedAreDeletedEvenBeforeItsParentReapedIt() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "zombies are told apart through Linux's /proc");
        // bash starts sleep 0.1, then becomes sleep 10, which never collects the first one's status: a zombie.
        Process parent = new ProcessBuilder("bash", "-c", "sleep 0.1 & echo $!; exec sleep 10").start();
        try {
            long zombie;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
                zombie = Long.parseLong(out.readLine().trim());
            }
            Path stat = Path.of("/proc", Long.toString(zombie), "stat");
            await("sleep 0.1 has exited").atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(stat).matches("(?s).*\\) Z .*"));
            assertThat(ProcessHandle.of(zombie)).as("Java still finds the zombie").isPresent();

            Path ofZombie = Files.createFile(folder.resolve(".part-" + zombie + "-a.txt.tmp"));
            Path ofLiveProcess = Files.createFile(folder.resolve(".part-" + parent.pid() + "-b.txt.tmp"));
            Path ofThisProcess = OwnedTempFiles.create(folder, ".part-", ".tmp");
            Path ofAnotherKind = Files.createFile(folder.resolve(".spool-" + zombie + "-c.tmp"));

            OwnedTempFiles.deleteLeftovers(folder, ".part-", ".tmp");

            assertThat(ofZombie).doesNotExist();
            assertThat(ofLiveProcess).exists();
            assertThat(ofThisProcess).exists();
            assertThat(ofAnotherKind).exists();
        } finally {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
