package io.urlfetcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system a test can fill: a tmpfs of a given size mounted on a folder (as root, which this
 * machine and CI are), made read-only on demand with a remount (permission bits do not stop root; a read-only
 * file system does), and unmounted on close.
 */
public final class SmallFileSystem implements AutoCloseable {

    private static final long COMMAND_SECONDS = 20;
    private static Boolean mountable;

    private final Path folder;

    private SmallFileSystem(Path folder) {
        this.folder = folder;
    }

    /** Whether this process may mount a tmpfs (root, mount(8) present, not forbidden by a container). */
    /** Skips the test, saying why, where no tmpfs can be mounted (not root, or no mount(8)). */
    public static void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(),
                "mounting a tmpfs needs root and mount(8) (this machine and CI run as root); skipped here");
    }

    public static synchronized boolean available() {
        if (mountable == null) {
            try {
                Path probe = Files.createTempDirectory("url-fetcher-mount-probe");
                try {
                    mountable = run("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", probe.toString()).isEmpty()
                                && run("umount", probe.toString()).isEmpty();
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException e) {
                mountable = false;
            }
        }
        return mountable;
    }

    /** Mounts a tmpfs of {@code size} ({@code 64k}, {@code 2m}) on {@code folder}, created if missing. */
    public static SmallFileSystem mount(Path folder, String size) throws IOException {
        Files.createDirectories(folder);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString());
        if (!failure.isEmpty()) {
            throw new IOException("could not mount a tmpfs on " + folder + ": " + failure);
        }
        return new SmallFileSystem(folder);
    }

    public Path folder() {
        return folder;
    }

    /** Remounts it read-only: every later write fails with EROFS, for root too. */
    public void makeReadOnly() throws IOException {
        String failure = run("mount", "-o", "remount,ro", folder.toString());
        if (!failure.isEmpty()) {
            throw new IOException("could not remount " + folder + " read-only: " + failure);
        }
    }

    /** Remounts it with a new {@code size} ({@code 4m}), in place: the files stay, and a full disk has room again. */
    public void resize(String size) throws IOException {
        String failure = run("mount", "-o", "remount,size=" + size, folder.toString());
        if (!failure.isEmpty()) {
            throw new IOException("could not resize " + folder + " to " + size + ": " + failure);
        }
    }

    /** Every file left in it, hidden ones included (paths relative to the mount). */
    public List<String> files() throws IOException {
        List<String> names = new ArrayList<>();
        try (var walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(f -> names.add(folder.relativize(f).toString()));
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        String failure = run("umount", folder.toString());
        if (!failure.isEmpty()) {
            run("umount", "-l", folder.toString()); // busy: detach now, freed when the last file is closed
        }
    }

    /** Runs a command for at most {@link #COMMAND_SECONDS}; returns its output when it failed, else "". */
    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + ": did not finish in " + COMMAND_SECONDS + " s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "interrupted";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? "" : String.join(" ", command) + " exited " + process.exitValue() + ": " + output;
    }
}
