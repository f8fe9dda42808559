package io.urlfetcher.cli;

import sun.misc.Signal;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JVM that {@link Relaunch} started, and its link to the JVM that started it (the launcher), which stays to wait
 * for it.
 * <p>
 * Signals: the launcher sends on the SIGINT and SIGTERM it receives under other names, SIGUSR1 and SIGALRM. Ctrl-C in a
 * terminal reaches both JVMs (one process group), and so does systemd's stop of a service (every process of its
 * control group): a copy under the same name would count as a second signal, which stops at once without a report.
 * Under its own name the copy is told apart, and {@link StopSignals} counts one event where a signal and its copy
 * both arrive. Outside a batch, the copies end the JVM as the signals they stand for would (exit 130 or 143).
 * <p>
 * The launcher killed with SIGKILL cannot send anything on: this JVM sees its parent gone within
 * {@link #WATCH_MILLIS} and halts as if it had been killed with it (no report; {@code --state} resumes the run).
 */
final class RelaunchedChild {

    /** The system property, set on the child's command line, that holds the launcher's process id. */
    static final String LAUNCHED_BY = "url-fetcher.launched-by";

    /** How often the child looks whether its launcher is still alive. */
    static final long WATCH_MILLIS = 100;

    /** Exit code of a halt after the launcher was killed: that of a process killed with SIGKILL. */
    private static final int KILLED = 128 + 9;

    private RelaunchedChild() {
    }

    /** Whether this JVM was started by {@link Relaunch}. */
    static boolean isChild() {
        return System.getProperty(LAUNCHED_BY) != null;
    }

    /** The name the launcher sends a received signal on under: INT as USR1, TERM as ALRM; any other as itself. */
    static String forwardedName(String received) {
        return switch (received) {
            case "INT" -> "USR1";
            case "TERM" -> "ALRM";
            default -> received;
        };
    }

    /** The signal a forwarded one stands for (USR1: INT, ALRM: TERM), when this JVM is a relaunched child. */
    static Optional<String> standsFor(String forwarded) {
        if (!isChild()) {
            return Optional.empty();
        }
        return switch (forwarded) {
            case "USR1" -> Optional.of("INT");
            case "ALRM" -> Optional.of("TERM");
            default -> Optional.empty();
        };
    }

    /** In a relaunched child: watches the launcher, and lets the forwarded signals end the JVM like INT and TERM. */
    static void attach() {
        long launcher;
        try {
            launcher = Long.parseLong(System.getProperty(LAUNCHED_BY, ""));
        } catch (NumberFormatException e) {
            return; // not set by Relaunch
        }
        for (String forwarded : new String[] { "USR1", "ALRM" }) {
            // With -Xrs the JVM keeps these: the launcher's copies then end the process without shutdown hooks.
            SignalExit.handle(forwarded, 128 + new Signal(standsFor(forwarded).orElseThrow()).getNumber());
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(launcher);
        Thread watch = new Thread(() -> watch(parent), "url-fetcher-launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watch(Optional<ProcessHandle> launcher) {
        // Orphaned, this process gets another parent at once, while the launcher may stay a zombie until reaped.
        while (launcher.map(ProcessHandle::isAlive).orElse(false)
               && ProcessHandle.current().parent().map(ProcessHandle::pid).equals(launcher.map(ProcessHandle::pid))) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("url-fetcher: the java process that started this one is gone (killed?): stopping at once");
        killSelf();
    }

    /**
     * SIGKILL to this process, as its launcher got: Runtime.halt would still write the class-data archive of a first
     * run (-XX:ArchiveClassesAtExit, a second or more) while holding the --state folder's lock.
     */
    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill command: halt below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(KILLED);
    }
}
