package io.urlfetcher.flow.state;

import io.urlfetcher.ConfigurationException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The folder of a run's state ({@code fetch.state}): made if it is missing, held by one run at a time (a lock on
 * {@value #LOCK_FILE}), and tied to one list by that list's {@link ListFingerprint} ({@value #LIST_FILE}). The
 * results in it ({@value #RESULTS_FILE}) are read by {@link RecordedResults} and appended by {@link StateLogWriter}.
 * {@link #close()} releases the folder.
 */
final class StateFolder implements AutoCloseable {

    static final String LIST_FILE = "list.json";
    static final String RESULTS_FILE = "results.jsonl";
    static final String LOCK_FILE = "lock";

    private static final Logger LOG = LoggerFactory.getLogger(RunState.class); // the state's messages keep one name
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel lock;

    private StateFolder(Path path, FileChannel lock) {
        this.path = path;
        this.lock = lock;
    }

    /**
     * Makes the folder if needed and takes it for this run.
     *
     * @throws ConfigurationException when the folder cannot be made or written, or another run holds it
     */
    static StateFolder take(Path folder) {
        create(folder);
        return new StateFolder(folder, lock(folder));
    }

    /** The results file, {@value #RESULTS_FILE}. */
    Path results() {
        return path.resolve(RESULTS_FILE);
    }

    /** Releases the folder; called once, when the run has ended or the state could not be opened. */
    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            // releasing the lock: the process ends soon anyway, which releases it too
        }
    }

    private static void create(Path folder) {
        try {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                throw new java.nio.file.AccessDeniedException(folder.toString());
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("invalid fetch.state = '" + folder + "': it is a file, not a folder");
        } catch (IOException e) {
            throw new ConfigurationException("invalid fetch.state = '" + folder + "': cannot create or write the folder ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** One run at a time per folder: two appending to one file would mix their lines. */
    private static FileChannel lock(Path folder) {
        try {
            FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new ConfigurationException("the state folder " + folder + " is in use by another url-fetcher run;"
                        + " wait for it to end, or give another --state folder");
            }
            return channel;
        } catch (IOException e) {
            throw new ConfigurationException("cannot use the state folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Begins the state for this list, or checks it is the list the state was begun for.
     *
     * @param reset   empty the results first and begin the state for this list
     * @param results the results file, open for writing
     */
    void checkList(ListFingerprint list, boolean reset, FileChannel results) throws IOException {
        Path listFile = path.resolve(LIST_FILE);
        if (reset) {
            results.truncate(0);
            results.force(true);
            writeList(listFile, list);
            LOG.info("Began the state in {} afresh (--state-reset) for {}", path, list.describe());
            return;
        }
        if (!Files.exists(listFile)) {
            if (results.size() > 0) {
                throw new ConfigurationException("the state folder " + path + " has recorded results but no " + LIST_FILE
                        + ", so they cannot be matched to a list; give --state-reset to start afresh, or another --state folder");
            }
            writeList(listFile, list);
            return;
        }
        ListFingerprint recorded;
        try {
            recorded = JSON.readValue(listFile.toFile(), ListFingerprint.class);
        } catch (IOException e) {
            throw new ConfigurationException("the state folder " + path + " has an unreadable " + LIST_FILE + " ("
                    + e.getMessage() + "); give --state-reset to start afresh", e);
        }
        if (!recorded.sameListAs(list)) {
            throw new ConfigurationException("the state folder " + path + " belongs to another list: it was begun for "
                    + recorded.describe() + ", and this run reads " + list.describe() + "; give --state-reset to start"
                    + " afresh (its recorded results are then dropped), or another --state folder");
        }
    }

    /** Written whole under a temporary name, synced, then renamed: never half a fingerprint. */
    private static void writeList(Path listFile, ListFingerprint list) throws IOException {
        Path temp = listFile.resolveSibling(LIST_FILE + ".writing");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list)));
            out.force(true);
        }
        Files.move(temp, listFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
