package io.urlfetcher.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class IoReasonTest {

    @Test
    void theInnermostIoFailureSaysWhyInTheSystemsWords() {
        IOException full = new IOException("No space left on device");
        assertThat(IoReason.of(new UncheckedIOException("could not write", full))).isEqualTo("No space left on device");
        assertThat(IoReason.of(new RuntimeException("Cannot store file: x", full))).isEqualTo("No space left on device");
    }

    @Test
    void aFileSystemExceptionGivesItsReasonWithoutThePath() {
        assertThat(IoReason.of(new FileSystemException("/r/.writing-a.json", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
    }

    @Test
    void withoutAMessageTheTypeSaysIt() {
        assertThat(IoReason.of(new NoSuchFileException("/gone/a.json"))).isEqualTo("NoSuchFileException");
        assertThat(IoReason.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
