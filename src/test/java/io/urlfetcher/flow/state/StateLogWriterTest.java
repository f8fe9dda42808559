package io.urlfetcher.flow.state;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StateLogWriterTest {

    @TempDir
    Path dir;

    private static FetchResult result(int index) {
        return FetchResult.unfetched(index, index + 1, "http://127.0.0.1:1/" + index, Outcome.TIMEOUT, "slow", null);
    }

    @Test
    void eachResultIsInTheFileAsSoonAsItIsAppended() throws IOException {
        Path file = dir.resolve("results.jsonl");
        try (StateLogWriter writer = new StateLogWriter(file, Duration.ofHours(1))) {
            writer.append(result(0));
            writer.append(result(1));

            // Not closed, not synced: what a process killed now would leave behind.
            assertThat(Files.readAllLines(file)).hasSize(2);
            assertThat(new ObjectMapper().readValue(Files.readAllLines(file).get(1), FetchResult.class)).isEqualTo(result(1));
        }
    }

    @Test
    void aFullDiskFailsTheAppendAndEveryCheckAfterItNamingTheFile() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full));
        StateLogWriter writer = new StateLogWriter(full, Duration.ofHours(1));

        assertThatThrownBy(() -> writer.append(result(0))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not write the run state to /dev/full");
        assertThatThrownBy(writer::requireWritable).hasMessageContaining("/dev/full");
        assertThatThrownBy(() -> writer.append(result(1))).hasMessageContaining("/dev/full");
        assertThatThrownBy(writer::close).hasMessageContaining("/dev/full");
    }
}
