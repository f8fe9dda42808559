package io.urlfetcher.watch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WatchProblemsTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final WatchProblems problems = new WatchProblems(clock::get);

    @Test
    void aProblemIsRecentForThirtySecondsAfterItWasLastSeen() {
        assertThat(problems.recent()).isNull();

        problems.handleException("file:inbox?x=y cannot begin processing file: GenericFile[/in/a.txt] due to: x", null,
                new IOException("Read-only file system"));
        assertThat(problems.recent()).isEqualTo("IOException Read-only file system");

        clock.addAndGet(WatchProblems.RECENT.toNanos() - 1);
        assertThat(problems.recent()).isNotNull();
        clock.addAndGet(1);
        assertThat(problems.recent()).as("gone quiet: the health is no longer held down by it").isNull();
    }

    @Test
    void aProblemIsDescribedWithItsCausesOnOneLineWithoutPasswords() {
        Exception nested = new IllegalStateException("could not move",
                new AccessDeniedException("/in/http://user:secret@host/a.txt"));

        assertThat(WatchProblems.describe(nested))
                .isEqualTo("IllegalStateException could not move: AccessDeniedException /in/http://user:secret@host/a.txt");
        problems.handleException(nested);
        assertThat(problems.recent()).doesNotContain("secret");
    }
}
