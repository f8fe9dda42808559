package io.urlfetcher.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folders a watched list passes through: the inbox, {@code .running/} while it is fetched, {@code .state/} for its
 * run state, then {@code .done/} with its report or {@code .failed/} with the reason. Each must be a folder this process
 * can write, or be missing under one it can write (it is made when first needed). The check asks the file system
 * ({@code access(2)}), so a read-only mount fails it for root too. Its messages name no path: Camel's health output
 * escapes each {@code /} twice; the check's details name the inbox.
 */
final class WatchFolders {

    static final String RUNNING = ".running";
    static final String DONE = ".done";
    static final String FAILED = ".failed";

    private final Path inbox;

    WatchFolders(Path inbox) {
        this.inbox = inbox;
    }

    Path inbox() {
        return inbox;
    }

    /** What keeps a list from going through, like {@code the folder .done in the inbox is not writable}; empty when all is well. */
    Optional<String> problem() {
        if (!Files.isDirectory(inbox)) {
            return Optional.of("the inbox is gone");
        }
        if (!Files.isReadable(inbox) || !Files.isWritable(inbox)) {
            return Optional.of("the inbox is not readable and writable (lists are moved out of it)");
        }
        for (String sub : List.of(RUNNING, ListStates.FOLDER, DONE, FAILED)) {
            Path folder = inbox.resolve(sub);
            if (Files.exists(folder) && (!Files.isDirectory(folder) || !Files.isWritable(folder))) {
                return Optional.of("the folder " + sub + " in the inbox is not writable");
            }
        }
        return Optional.empty();
    }

    /** Whether a list can be reported: its report goes to {@code .done/}, or the reason to {@code .failed/}. */
    Optional<String> reportProblem() {
        Path done = inbox.resolve(DONE);
        if (Files.exists(done) ? !Files.isDirectory(done) || !Files.isWritable(done) : !Files.isWritable(inbox)) {
            return Optional.of("the folder " + DONE + " in the inbox is not writable, so no report could be kept");
        }
        return Optional.empty();
    }
}
