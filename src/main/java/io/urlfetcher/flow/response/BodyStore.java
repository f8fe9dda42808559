package io.urlfetcher.flow.response;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.IoReason;
import io.urlfetcher.core.OwnedTempFiles;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.http.BodyReader;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A folder of bodies: each is written under a temporary name ({@code .part-…}) while it streams and renamed to
 * its {@link BodyFileNames} name only once read whole, so a timed-out, cut or over-limit body leaves no file.
 * Without a folder ({@code fetch.save-bodies} empty) bodies are spooled to the temporary directory for the
 * response sink and deleted after it took them.
 */
public final class BodyStore {

    /** A body being saved: {@code .part-<pid>-<name>.tmp} until it is read whole. */
    private static final String PART = ".part-";
    /** A body spooled for the response sink only. */
    private static final String RESPONSE_SPOOL = "url-fetcher-response-";

    private final Path folder;
    private final boolean saves;
    private final BodyWriteFailures failures;
    private volatile boolean leftoversChecked;

    private BodyStore(Path folder, boolean saves) {
        this.folder = folder;
        this.saves = saves;
        this.failures = new BodyWriteFailures(folder.toString());
    }

    /**
     * The store of {@code fetch.save-bodies}, or for the response sink only: one per Camel context, shared by every call
     * of the Kamelet (the bean {@code fetchBodyStore}), so its failures are counted once and its leftovers cleared once.
     */
    public static BodyStore of(String saveBodies) {
        return saveBodies.isEmpty() ? spooling() : saving(saveBodies);
    }

    /** The folder of {@code fetch.save-bodies}, created if missing; an unusable one fails here, before any fetch. */
    public static BodyStore saving(String folder) {
        Path path = Path.of(folder);
        try {
            Files.createDirectories(path);
            if (!Files.isWritable(path)) {
                throw new AccessDeniedException(folder);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("invalid fetch.save-bodies = '" + folder + "': it is a file, not a folder");
        } catch (IOException e) {
            throw new ConfigurationException("invalid fetch.save-bodies = '" + folder + "': cannot create or write the folder ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        OwnedTempFiles.deleteLeftovers(path, PART, ".tmp"); // bodies a killed run was still reading
        return new BodyStore(path, true);
    }

    /**
     * Spool files for the response sink only, in the JVM's temporary directory. Spools left by killed runs are
     * looked for when the first one is written, not at start-up: most hosts never use a response sink.
     */
    public static BodyStore spooling() {
        return new BodyStore(Path.of(System.getProperty("java.io.tmpdir")), false);
    }

    /** The bodies that could not be written to the folder (only counted when it {@link #saves()}). */
    public BodyWriteFailures failures() {
        return failures;
    }

    /** True when bodies are kept in the folder (not only spooled for the response sink). */
    public boolean saves() {
        return saves;
    }

    /** A body being written, under a temporary name until {@link Pending#commit()}. */
    public Pending open(String name) throws BodyReader.CopyFailedException {
        if (!saves && !leftoversChecked) {
            leftoversChecked = true; // a race only means looking twice
            OwnedTempFiles.deleteLeftovers(folder, RESPONSE_SPOOL, ".tmp");
        }
        try {
            // Named by the body's own (unique) name and this process, not by Files.createTempFile: its shared
            // SecureRandom and retry loop made saving 20,000 small bodies several times slower at C = 50.
            Path temp = folder.resolve(OwnedTempFiles.prefix(saves ? PART : RESPONSE_SPOOL) + name + ".tmp");
            return new Pending(temp, name, Files.newOutputStream(temp));
        } catch (IOException e) {
            throw failed(name, e);
        }
    }

    /**
     * A body that could not be written (a full disk, a folder gone read-only): the error names the file it was to be
     * and the reason; a saving store counts it, so the run can end with exit code 3.
     */
    private BodyReader.CopyFailedException failed(String name, IOException e) {
        String reason = folder.resolve(name) + ": " + IoReason.of(e);
        if (saves) {
            failures.record(SecretRedactor.redact(reason));
        }
        return new BodyReader.CopyFailedException("could not write the body to " + reason, e);
    }

    public final class Pending implements AutoCloseable {
        private final Path temp;
        private final String name;
        private final OutputStream out;
        private Path committed;

        private Pending(Path temp, String name, OutputStream out) {
            this.temp = temp;
            this.name = name;
            this.out = new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    try {
                        this.out.write(bytes, offset, length);
                    } catch (IOException e) {
                        throw failed(name, e);
                    }
                }
            };
        }

        public OutputStream out() {
            return out;
        }

        /** The body read whole: saved under its name (replacing an older one), or kept as the spool file. */
        public Path commit() throws IOException {
            try {
                out.close();
                committed = saves ? Files.move(temp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE) : temp;
                return committed;
            } catch (IOException e) {
                throw failed(name, e);
            }
        }

        /** Drops the temporary file unless it was committed. */
        @Override
        public void close() {
            if (committed != null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                // the file is deleted next; a close error adds nothing
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // left behind only if the folder itself broke; the result says what failed
            }
        }
    }
}
