package io.urlfetcher.watch;

import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.flow.list.InputFormat;
import io.urlfetcher.flow.state.ListFingerprint;
import io.urlfetcher.flow.state.RunState;

import org.apache.camel.Exchange;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Each watched list's own run state (the {@code --state} machinery, {@link RunState}), in
 * {@code <inbox>/.state/<fingerprint>/}: every result is recorded as it completes, so a list that a stop or a kill cut
 * short fetches only its lines without a result when it is taken again. The folder is named after the list's content
 * ({@link ListFingerprint}), not its name, because a list put back after a restart is taken under a new name; it is
 * removed once the list is done or failed, and kept when a stop cut the list short.
 */
final class ListStates {

    static final String FOLDER = ".state";
    /** Exchange property: the state folder of the list being fetched. */
    static final String STATE_FOLDER = "fetchWatchStateFolder";

    private final Path folder;
    private final InputFormat format;
    private final Supplier<ResultCollector> emptyCollector;

    /**
     * @param inbox          the watched folder
     * @param format         how lists are read ({@code fetch.input-format}), which decides each line's index
     * @param emptyCollector the collector of a report, for a list whose lines were all done before
     */
    ListStates(Path inbox, InputFormat format, Supplier<ResultCollector> emptyCollector) {
        this.folder = inbox.resolve(FOLDER);
        this.format = format;
        this.emptyCollector = emptyCollector;
    }

    /** Before the fetch: opens the list's state (resumed if one was left) and hands it to the flow. */
    void open(Exchange exchange) {
        Path list = exchange.getMessage().getBody(File.class).toPath();
        ListFingerprint fingerprint = ListFingerprint.of(list, format);
        Path stateFolder = folder.resolve(fingerprint.headSha256().substring(0, 16) + "-" + fingerprint.size());
        RunState state = RunState.open(stateFolder, fingerprint, false, emptyCollector);
        exchange.setProperty(ExchangeProperties.RUN_STATE, state);
        exchange.setProperty(STATE_FOLDER, stateFolder); // RunState says when it resumes
    }

    /** Lines of this list done by an earlier, stopped, run; 0 when it is fetched from the start. */
    static int resumedLines(Exchange exchange) {
        RunState state = RunState.of(exchange);
        return state == null ? 0 : state.recordedDone();
    }

    /**
     * After the list, however it ended: closes its state, and removes it unless a stop cut the list short
     * ({@link StoppedListException}), in which case the next start resumes from it.
     */
    void close(Exchange exchange) throws IOException {
        RunState state = RunState.of(exchange);
        if (state == null) {
            return;
        }
        exchange.removeProperty(ExchangeProperties.RUN_STATE);
        state.close();
        Path stateFolder = exchange.getProperty(STATE_FOLDER, Path.class);
        if (!(exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof StoppedListException)
            && !(exchange.getException() instanceof StoppedListException)) {
            deleteRecursively(stateFolder);
        }
    }

    private static void deleteRecursively(Path stateFolder) throws IOException {
        if (!Files.exists(stateFolder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(stateFolder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
