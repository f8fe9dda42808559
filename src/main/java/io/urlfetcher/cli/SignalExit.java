package io.urlfetcher.cli;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A signal that ends the JVM (SIGINT, SIGTERM, outside a batch's own handling in {@link StopSignals}) ends it with
 * 128 + the signal's number, as the JVM's own handling would, and main's exit code cannot replace that.
 * <p>
 * Why: a signal during start-up begins the JVM's shutdown while main is still starting Camel, which can then fail
 * (no shutdown hook can be added any more, Camel is being stopped) and call {@code System.exit} with its own code. On
 * Java 17, {@code Shutdown.exit} halts at once with a non-zero status once the hooks have run, so that code can win the
 * race with the signal's. CI saw a SIGTERM at start-up end with exit 1 and no output, once; it did not happen again
 * here in over 300 tries, so which path gave the 1 is not known. Whatever it was, main now asks {@link #codeOr} first.
 */
final class SignalExit {

    private static final AtomicInteger SIGNALLED = new AtomicInteger();

    private SignalExit() {
    }

    /** SIGINT and SIGTERM end the JVM with 130 and 143 until a batch installs its own handlers. */
    static void install() {
        for (String name : new String[] { "INT", "TERM" }) {
            handle(name, 128 + new Signal(name).getNumber());
        }
    }

    /**
     * The signal {@code name} ends the JVM with {@code code}. A signal the JVM keeps ({@code -Xrs}) stays as it is:
     * it ends the process without shutdown hooks.
     */
    static void handle(String name, int code) {
        try {
            Signal.handle(new Signal(name), signal -> exit(code));
        } catch (IllegalArgumentException e) {
            // kept by the JVM
        }
    }

    /** Ends the JVM with a signal's exit code, which main's own code no longer replaces. */
    static void exit(int code) {
        SIGNALLED.compareAndSet(0, code);
        System.exit(code);
    }

    /** The exit code of the signal that ends this JVM, if one came; else {@code code}. */
    static int codeOr(int code) {
        int signalled = SIGNALLED.get();
        return signalled != 0 ? signalled : code;
    }
}
