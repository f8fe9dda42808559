package io.urlfetcher.watch;

import io.urlfetcher.BatchReport;
import io.urlfetcher.ConfigurationException;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.flow.list.UrlListFile;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The watch route's steps around the fetch: check a dropped list, keep what a stop cut short, report it, or record why
 * it failed.
 */
public final class WatchSteps {

    private static final Logger LOG = LoggerFactory.getLogger(WatchSteps.class);
    /** The name the route gives a list it takes: the dropped name, then the time ({@code -yyyyMMdd-HHmmss-SSS}). */
    private static final Pattern TAKEN_NAME = Pattern.compile("(.*)-\\d{8}-\\d{6}-\\d{3}(\\.[^.]+)");
    private static final Pattern LIST_NAME = Pattern.compile(".*\\.(txt|jsonl)");
    private static final ObjectWriter JSON = JsonMapper.builder().build().writerWithDefaultPrettyPrinter();

    private final WatchFolders folders;
    private final RunStop runStop;

    /**
     * @param inbox   the watched folder
     * @param runStop the service's stop switch, tripped when the service is told to stop
     */
    public WatchSteps(String inbox, RunStop runStop) {
        this.folders = new WatchFolders(Path.of(inbox));
        this.runStop = runStop;
    }

    WatchFolders folders() {
        return folders;
    }

    /**
     * Before a line is fetched: a list that is not text (a PDF, an image) fails here, and so does every list while its
     * report could not be kept (a read-only {@code .done/}), rather than being fetched and its results thrown away.
     */
    public void checkUrlList(Exchange exchange) {
        folders.reportProblem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        UrlListFile.open(exchange.getMessage().getBody(File.class).getPath());
    }

    /**
     * After the fetch: a list that a stop cut short (lines not started or interrupted) gets its report beside it in
     * {@code .running/} and stays there with its state, by failing its exchange ({@link StoppedListException}); the
     * file consumer then leaves it where it is, and the next start resumes it.
     */
    public void keepStoppedList(Exchange exchange) throws IOException {
        BatchReport report = exchange.getMessage().getBody(BatchReport.class);
        long cut = report.outcomes().getOrDefault(Outcome.NOT_STARTED, 0L)
                   + report.outcomes().getOrDefault(Outcome.INTERRUPTED, 0L);
        if (!runStop.isStopping() || cut == 0) {
            return;
        }
        String stopped = "the service was stopped (" + runStop.reason() + ")";
        Path running = folders.inbox().resolve(WatchFolders.RUNNING);
        Path written = running.resolve(".writing-" + baseName(exchange) + ".report.json");
        Files.write(written, JSON.writeValueAsBytes(watched(exchange, report, stopped)));
        Files.move(written, running.resolve(baseName(exchange) + ".report.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        throw new StoppedListException(stopped + " with " + (report.urls() - cut) + " of " + report.urls()
                + " lines done; the list stays in .running/ with its report, and the next start fetches the other "
                + cut + " lines");
    }

    /** Logs the list's outcome and makes its report: the batch's, with the list's name and whether it was resumed. */
    public void logWatchedReport(Exchange exchange) {
        BatchReport report = exchange.getMessage().getBody(BatchReport.class);
        int resumed = ListStates.resumedLines(exchange);
        LOG.info("{}: {} URLs in {} ms, {} failed{}; report in .done/{}.report.json", name(exchange), report.urls(),
                report.totalMillis(), report.failures(), resumed > 0 ? " (resumed: " + resumed + " done before)" : "",
                baseName(exchange));
        exchange.getMessage().setBody(watched(exchange, report, null));
    }

    private static WatchedListReport watched(Exchange exchange, BatchReport report, String stopped) {
        int resumed = ListStates.resumedLines(exchange);
        return new WatchedListReport(name(exchange), resumed > 0 ? resumed : null, stopped, report);
    }

    /**
     * Moves the list to {@code .failed/} with the reason beside it ({@code <name>.reason.txt}), then fails the exchange.
     * A list that a stop cut short stays in {@code .running/}.
     */
    public void watchFailure(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof StoppedListException) {
            LOG.warn("{}: {}", name(exchange), failure.getMessage());
            throw failure;
        }
        String reason = SecretRedactor.redact(String.valueOf(failure.getMessage()));
        Path failed = Files.createDirectories(folders.inbox().resolve(WatchFolders.FAILED));
        Files.writeString(failed.resolve(baseName(exchange) + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
        Path list = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Files.move(list, failed.resolve(list.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("{}: not fetched, moved to .failed/: {}", name(exchange), reason);
        throw failure;
    }

    private static String name(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    private static String baseName(Exchange exchange) {
        String name = name(exchange);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Puts back into the inbox, under the name it was dropped with, each list that was being fetched when the service
     * last stopped (the route moves a list to {@code .running/} while it runs): it is taken again, and its state
     * ({@link ListStates}) makes it fetch only the lines without a result. The report a stop wrote beside it goes: the
     * resumed list's report has every line.
     */
    public void returnInterruptedLists() throws IOException {
        Path running = folders.inbox().resolve(WatchFolders.RUNNING);
        if (!Files.isDirectory(running)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(running, Files::isRegularFile)) {
            for (Path file : files) {
                String taken = file.getFileName().toString();
                if (!LIST_NAME.matcher(taken).matches()) {
                    Files.delete(file); // a stopped list's report, or one a kill left half-written
                    continue;
                }
                Matcher stamped = TAKEN_NAME.matcher(taken);
                Path back = folders.inbox().resolve(stamped.matches() ? stamped.group(1) + stamped.group(2) : taken);
                if (Files.exists(back)) {
                    back = folders.inbox().resolve(taken); // a new list of that name is waiting: this one keeps its own
                }
                Files.move(file, back);
                LOG.info("{}: was being fetched when the service stopped; taking it again as {}", taken,
                        back.getFileName());
            }
        }
    }

    public static void requireFolder(String inbox) {
        Path folder = Path.of(inbox);
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException("--watch " + inbox + ": no such folder; create it, or give another");
        }
    }
}
