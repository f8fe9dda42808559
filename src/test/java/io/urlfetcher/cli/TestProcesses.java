package io.urlfetcher.cli;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Bounded waits on, and stops of, the processes the integration tests start. */
public final class TestProcesses {

    private static final long FORCED_STOP_SECONDS = 10;

    private TestProcesses() {
    }

    /** SIGTERM, then SIGKILL when it has not exited within {@code grace}. @return whether it stopped by itself */
    public static boolean stop(Process process, Duration grace) throws InterruptedException {
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(FORCED_STOP_SECONDS, TimeUnit.SECONDS);
        return false;
    }

    /** Waits until {@code file} exists, the process has died, or {@code limit} has passed. */
    public static void awaitFile(Path file, Process process, Duration limit) {
        await(() -> Files.exists(file), process, limit);
    }

    /**
     * Waits until the condition holds, the process has died, or {@code limit} has passed; the caller then asserts
     * what it needed, with the process's log in the message.
     */
    public static void await(java.util.function.BooleanSupplier condition, Process process, Duration limit) {
        try {
            Awaitility.await("a condition on process " + process.pid() + " (or its exit)").atMost(limit)
                    .until(() -> condition.getAsBoolean() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            // not a failure by itself: the caller's assertion says what was missing
        }
    }
}
