package io.urlfetcher.report;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.IoReason;
import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileProducer;
import org.apache.camel.support.DefaultExchange;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a {@code file:} sink writes one report: its final path and the temporary name Camel's file producer writes
 * it under first ({@code tempPrefix} / {@code tempFileName}), both computed by the producer's own naming code.
 * Camel renames the temporary file only once the report is written whole, but leaves it behind when the write fails
 * (a full disk): {@link #removeAfterFailedWrite()} deletes it, so a failed run leaves neither a partial report under
 * the final name nor a temporary file.
 */
public final class ReportFile {

    private final Path target;
    private final Path temp;
    private final boolean targetExisted;
    /** The endpoint has a {@code charset}: camel-file writes the text again in it, so its size is not the bytes sent. */
    private final boolean recoded;

    private ReportFile(Path target, Path temp, boolean recoded) {
        this.target = target;
        this.temp = temp;
        this.targetExisted = Files.exists(target);
        this.recoded = recoded;
    }

    /**
     * The file {@code fileName} in the folder of a {@code file:} sink (the report's, or the response sink's), or null
     * when the sink is not a {@code file:} endpoint. Made before the write: a file already there is never removed.
     */
    public static ReportFile of(CamelContext context, String sinkUri, String fileName) {
        if (!(endpoint(context, sinkUri) instanceof GenericFileEndpoint<?> files)) {
            return null;
        }
        try {
            GenericFileProducer<?> producer = (GenericFileProducer<?>) files.createProducer();
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
            String target = producer.createFileName(exchange);
            String temp = files.getTempFileName() == null ? null : producer.createTempFileName(exchange, target);
            return new ReportFile(Path.of(target), temp == null ? null : Path.of(temp), files.getCharset() != null);
        } catch (Exception e) {
            return null; // not a plain local file endpoint: nothing of ours to clean up
        }
    }

    /**
     * Before anything is fetched: the folder of a {@code file:} sink must exist (it is created) and be writable, else
     * a usage error (exit code 2). A folder that fills up or turns read-only later fails the run (exit code 3).
     */
    public static void requireWritableFolder(CamelContext context, String sinkUri) {
        if (!(endpoint(context, sinkUri) instanceof GenericFileEndpoint<?> files)) {
            return;
        }
        String folder = files.getConfiguration().getDirectory();
        if (folder == null || folder.isBlank()) {
            return;
        }
        Path path = Path.of(folder);
        try {
            Files.createDirectories(path);
            if (!Files.isWritable(path)) { // access(2): false on a read-only file system, even for root
                throw new AccessDeniedException(folder, null, "not writable: a read-only file system, or no permission");
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("invalid fetch.sink-uri = '" + SecretRedactor.redact(sinkUri) + "': "
                    + SecretRedactor.redact(folder) + " is a file, not a folder");
        } catch (IOException e) {
            throw new ConfigurationException("invalid fetch.sink-uri = '" + SecretRedactor.redact(sinkUri)
                    + "': cannot create or write the folder " + SecretRedactor.redact(folder) + " (" + IoReason.of(e)
                    + ")", e);
        }
    }

    private static Endpoint endpoint(CamelContext context, String sinkUri) {
        if (sinkUri == null || !sinkUri.strip().regionMatches(true, 0, "file:", 0, 5)) {
            return null;
        }
        try {
            return context.getEndpoint(sinkUri.strip());
        } catch (RuntimeException e) {
            return null; // an invalid URI fails where the route uses it, with its own message
        }
    }

    /** The file's final path. */
    public Path target() {
        return target;
    }

    /** The temporary name it is written under first, or null when the sink writes straight to the final name. */
    Path temp() {
        return temp;
    }

    /**
     * After a failed write: deletes the temporary file, and a report the write created under its final name (a sink
     * without a temporary name writes there directly). A file that was already there before is left alone.
     *
     * @return what is still there and should not be (empty when all is clean), for the error message
     */
    public String removeAfterFailedWrite() {
        StringBuilder left = new StringBuilder();
        if (temp != null) {
            delete(temp, left);
        } else if (!targetExisted) {
            delete(target, left);
        }
        return left.toString();
    }

    /**
     * After a write that reported success: camel-file 4.18 writes a stream with one channel write per buffer and
     * drops what a short write leaves (as on a full disk), so a file may hold less than was sent. A short file is
     * removed (unless it was there before the write). Not checked where the endpoint has a {@code charset}: camel-file
     * then writes through a {@code Writer} in that charset, which fails on a full disk, and whose size differs.
     *
     * @param sent the bytes sent to the file
     * @return null when the file is whole (or not there to check), else what went wrong, for the error message
     */
    public String shortWrite(long sent) {
        if (recoded) {
            return null;
        }
        long written;
        try {
            written = Files.size(target);
        } catch (IOException e) {
            return null; // not where the producer said: nothing of ours to check
        }
        if (written >= sent) {
            return null;
        }
        String what = "only " + written + " of its " + sent + " bytes were written";
        // camel-file reported no error: name the file system's reason where it shows one (no room left)
        String why = usableSpace() < sent - written ? "No space left on device (" + what + ")" : what + " (is the disk full?)";
        StringBuilder left = new StringBuilder();
        if (!targetExisted) {
            delete(target, left);
        }
        return why + "; " + (left.isEmpty() ? "no part of it was left on disk" : "could not delete " + left);
    }

    /** The bytes the target's file system still takes; the most there is when that cannot be read. */
    private long usableSpace() {
        try {
            return Files.getFileStore(target).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void delete(Path file, StringBuilder left) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            left.append(left.isEmpty() ? "" : ", ").append(file).append(" (").append(IoReason.of(e)).append(')');
        }
    }
}
