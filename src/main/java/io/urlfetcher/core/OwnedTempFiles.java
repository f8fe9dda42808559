package io.urlfetcher.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary files named {@code <kind><pid>-<rest>}: the process that owns one is in its name, so a later run can
 * delete those left by a process that died (kill -9, a crash, the OOM killer), and never touches a live run's.
 */
public final class OwnedTempFiles {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedTempFiles.class);
    private static final long PID = ProcessHandle.current().pid();

    private OwnedTempFiles() {
    }

    /** {@code <kind><this pid>-}: the start of this process's files of that kind. */
    public static String prefix(String kind) {
        return kind + PID + "-";
    }

    /** A new file of this process in the folder, {@code <kind><pid>-<random><suffix>}. */
    public static Path create(Path folder, String kind, String suffix) throws IOException {
        return Files.createTempFile(folder, prefix(kind), suffix);
    }

    /** Deletes the files of that kind in the folder whose process no longer runs. */
    public static void deleteLeftovers(Path folder, String kind, String suffix) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, kind + "*" + suffix)) {
            for (Path leftover : files) {
                Long pid = pidOf(leftover.getFileName().toString(), kind);
                if (pid != null && pid != PID && !runs(pid)) {
                    Files.deleteIfExists(leftover);
                    LOG.info("Deleted {}, left by process {}, which no longer runs", leftover, pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not look for files left by earlier runs in {}: {}; going on", folder, e.toString());
        }
    }

    /**
     * Whether the process runs. A zombie does not: it has exited and waits only for its parent to collect its status
     * (a relaunched url-fetcher whose launcher was killed becomes one until the system's init reaps it), yet Java's
     * {@code ProcessHandle} still finds it. Linux says which is which in {@code /proc/<pid>/stat}; elsewhere the
     * process handle decides alone.
     */
    public static boolean runs(long pid) {
        return ProcessHandle.of(pid).isPresent() && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            // "<pid> (<command>) <state> ...": the command may hold spaces and parentheses, so read after the last ')'.
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc here, or the process is gone already
        }
    }

    private static Long pidOf(String name, String kind) {
        int end = name.indexOf('-', kind.length());
        try {
            return end < 0 ? null : Long.parseLong(name.substring(kind.length(), end));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
