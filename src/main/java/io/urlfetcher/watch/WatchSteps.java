package io.urlfetcher.watch;

import io.urlfetcher.BatchReport;
import io.urlfetcher.ConfigurationException;
import io.urlfetcher.flow.list.UrlListFile;
import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The watch route's steps around the fetch: check a dropped list, log its outcome, or record why it failed. */
public final class WatchSteps {

    private static final Logger LOG = LoggerFactory.getLogger(WatchSteps.class);
    /** The name the route gives a list it takes: the dropped name, then the time ({@code -yyyyMMdd-HHmmss-SSS}). */
    private static final Pattern TAKEN_NAME = Pattern.compile("(.*)-\\d{8}-\\d{6}-\\d{3}(\\.[^.]+)");

    private final Path inbox;

    public WatchSteps(String inbox) {
        this.inbox = Path.of(inbox);
    }

    /** A list that is not text (a PDF, an image) fails here, before a line of it is fetched. */
    public void checkUrlList(Exchange exchange) {
        UrlListFile.open(exchange.getMessage().getBody(File.class).getPath());
    }

    public void logWatchedReport(Exchange exchange) {
        BatchReport report = exchange.getMessage().getBody(BatchReport.class);
        LOG.info("{}: {} URLs in {} ms, {} failed; report in .done/{}.report.json", name(exchange), report.urls(),
                report.totalMillis(), report.failures(), baseName(exchange));
    }

    /** Writes the reason beside where the list goes, then fails the exchange so that the list goes there. */
    public void watchFailure(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = SecretRedactor.redact(String.valueOf(failure.getMessage()));
        Path failed = Files.createDirectories(inbox.resolve(".failed"));
        Files.writeString(failed.resolve(baseName(exchange) + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
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
     * last stopped (the route moves a list to {@code .running/} while it runs): it is fetched again, whole.
     */
    public void returnInterruptedLists() throws IOException {
        Path running = inbox.resolve(".running");
        if (!Files.isDirectory(running)) {
            return;
        }
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(running, Files::isRegularFile)) {
            for (Path list : lists) {
                String taken = list.getFileName().toString();
                Matcher stamped = TAKEN_NAME.matcher(taken);
                Path back = inbox.resolve(stamped.matches() ? stamped.group(1) + stamped.group(2) : taken);
                if (Files.exists(back)) {
                    back = inbox.resolve(taken); // a new list of that name is waiting: this one keeps its own
                }
                Files.move(list, back);
                LOG.info("{}: was being fetched when the service stopped; fetching it again as {}", taken,
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
