package io.urlfetcher.flow.list;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.OwnedTempFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a URL list file before the fetch route reads it as UTF-8 (where bytes that are not UTF-8
 * become U+FFFD, so the parser reports the line they are on instead of the whole file failing).
 */
public final class UrlListFile {

    private UrlListFile() {
    }

    private static final int SAMPLE_BYTES = 64 * 1024;
    private static final String STDIN_COPY = "url-fetcher-stdin-";

    /**
     * A file is taken for binary when it starts like a common binary format or when more than a tenth of
     * its first 64 KB are control bytes. A few NUL bytes in an otherwise textual list only spoil their lines.
     */
    static String whyNotText(byte[] bytes) {
        if (startsWith(bytes, "%PDF") || startsWith(bytes, "PK\u0003\u0004") || startsWith(bytes, "\u007fELF")
            || startsWith(bytes, "\u0089PNG") || (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b)) {
            return "it is a binary file (PDF, ZIP, ELF, PNG or gzip), not text";
        }
        int sample = Math.min(bytes.length, SAMPLE_BYTES);
        int control = 0;
        for (int i = 0; i < sample; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                control++;
            }
        }
        if (sample > 0 && control * 10 > sample) {
            return "it does not look like text (" + (control * 100 / sample) + "% control bytes in the first "
                   + sample + " bytes)";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, String signature) {
        if (bytes.length < signature.length()) {
            return false;
        }
        for (int i = 0; i < signature.length(); i++) {
            if ((bytes[i] & 0xff) != signature.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that the list exists and is text (from its first 64 KB), without reading it all: a list of
     * a million URLs is then streamed line by line.
     */
    public static Path open(String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException(
                    "no URL list given: pass --urls FILE (one URL per line; - reads standard input), set fetch.urls, or try --demo");
        }
        Path path = Path.of(name);
        try {
            if (Files.isDirectory(path)) {
                throw new ConfigurationException("cannot read URL list '" + name + "': it is a folder; give a file");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(path)) {
                head = in.readNBytes(SAMPLE_BYTES);
            }
            String notText = whyNotText(head);
            if (notText != null) {
                throw new ConfigurationException("cannot read URL list '" + name + "': " + notText
                        + "; give a text file with one URL per line");
            }
            return path;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("cannot read URL list '" + name + "': no such file; check the path given to --urls");
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("cannot read URL list '" + name + "': permission denied");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read URL list '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The name that stands for standard input: {@code --urls -}. */
    public static final String STANDARD_INPUT = "-";

    public static boolean isStandardInput(String name) {
        return name != null && name.strip().equals(STANDARD_INPUT);
    }

    /**
     * Standard input as the fetch route reads it: the stream itself, read line by line as the fetches go (any
     * length in bounded memory; not checked for binary content, which would wait for 64 KB of a slow pipe), or,
     * when the list is read more than once (compare, distributed), first copied to a temporary file, deleted on exit.
     */
    public static UrlListSource standardInput(InputStream in, boolean readTwice) {
        // (kill -9 skips deleteOnExit: the next run that copies standard input deletes the copies of dead runs)
        if (!readTwice) {
            return UrlListSource.stream(in);
        }
        try {
            Path folder = Path.of(System.getProperty("java.io.tmpdir"));
            OwnedTempFiles.deleteLeftovers(folder, STDIN_COPY, ".list");
            Path copy = OwnedTempFiles.create(folder, STDIN_COPY, ".list");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return UrlListSource.file(copy);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the URL list from standard input: " + e.getMessage(), e);
        }
    }

    /**
     * URL lines in the list (neither blank nor a comment), for the progress line's ETA: one quick pass over
     * the bytes, before the fetch reads the list again. -1 when it cannot be read.
     */
    public static long countUrlLines(Path list) {
        // The parser's reader: a line ends at \n only, so the count matches the lines the fetch reports.
        try (ListLineReader reader = new ListLineReader(new java.io.InputStreamReader(Files.newInputStream(list),
                java.nio.charset.StandardCharsets.UTF_8), UrlListParser.MAX_URL_LENGTH)) {
            long count = 0;
            boolean first = true;
            for (String line; (line = reader.readLine()) != null; first = false) {
                line = (first && line.startsWith("\uFEFF") ? line.substring(1) : line).strip(); // a byte-order mark
                if (!line.isEmpty() && !line.startsWith("#")) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            return -1;
        }
    }
}
