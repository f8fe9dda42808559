package io.urlfetcher.flow.list;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.FetchCall;
import io.urlfetcher.core.UrlLine;

import org.apache.camel.Exchange;

import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a URL list into {@link UrlLine}s: one per line that is neither blank nor a
 * {@code #} comment. A line that cannot be fetched is kept, with its outcome and reason, so that
 * it is reported instead of lost.
 */
public final class UrlListParser {

    /** Exchange property: how the list is written, {@code lines}, {@code jsonl} or {@code auto}, without a {@link FetchCall}. */
    public static final String INPUT_FORMAT = "fetchInputFormat";

    /** Longer URLs are refused: most servers answer 414 past 8 KB, and nobody means to fetch 100 KB lines. */
    public static final int MAX_URL_LENGTH = 8192;
    /** A host (a name with a dot, localhost, an IPv4 or a bracketed IPv6 address), maybe a port and a path: no scheme. */
    private static final Pattern SCHEMELESS = Pattern.compile(
            "(?i)(localhost|[\\p{L}0-9-]+(\\.[\\p{L}0-9-]+)+|\\[[0-9a-f:.]+])(:\\d+)?([/?#].*)?");

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final Pattern SCHEME_AUTHORITY_REST = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)(.*)", Pattern.DOTALL);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final boolean dedupe;

    public UrlListParser() {
        this(false);
    }

    /** @param dedupe report a repeated URL as {@link Outcome#DUPLICATE} instead of fetching it again */
    public UrlListParser(boolean dedupe) {
        this.dedupe = dedupe;
    }

    /** The whole list at once; for short lists and tests. */
    public List<UrlLine> parse(String text) {
        List<UrlLine> lines = new ArrayList<>();
        if (text != null) {
            lines(new StringReader(text)).forEachRemaining(lines::add);
        }
        return lines;
    }

    /**
     * The list in any form a route may carry it: text, a {@link Reader}, an {@link InputStream}, a
     * {@link File} or {@link Path}; anything else Camel can turn into an InputStream. Bytes are read as
     * UTF-8, and bytes that are not UTF-8 become U+FFFD (reported on their line, not failing the list).
     * The call's inputFormat ({@link FetchCall}), else the exchange property {@value #INPUT_FORMAT}, says how it is
     * written (lines, jsonl or auto; lines when unset).
     */
    public Iterator<UrlLine> lines(Exchange exchange) throws IOException, org.apache.camel.InvalidPayloadException {
        Object body = exchange.getMessage().getBody();
        FetchCall call = FetchCall.of(exchange);
        InputFormat format = inputFormat(call != null ? call.inputFormat() : exchange.getProperty(INPUT_FORMAT, String.class),
                body);
        if (body instanceof String text && text.stripLeading().startsWith("[")) {
            return lines(jsonArray(text), format);
        }
        if (body instanceof Collection<?> urls) {
            return lines(urls, format);
        }
        if (body instanceof String text) {
            return lines(new StringReader(text), format);
        }
        if (body instanceof Reader reader) {
            return lines(reader, format);
        }
        InputStream in;
        if (body instanceof File file) {
            in = Files.newInputStream(file.toPath());
        } else if (body instanceof Path path) {
            in = Files.newInputStream(path);
        } else {
            in = exchange.getMessage().getMandatoryBody(InputStream.class);
        }
        return lines(new InputStreamReader(in, StandardCharsets.UTF_8), format);
    }

    /** The format of a list: as given, or for auto, jsonl for a {@code .jsonl} file (else decided by its first line). */
    public static InputFormat inputFormat(String given, Object list) {
        InputFormat format = given == null || given.isBlank() ? InputFormat.LINES
                : InputFormat.parse(given);
        if (format == InputFormat.AUTO) {
            String name = list instanceof File file ? file.getName() : list instanceof Path path
                    ? String.valueOf(path.getFileName()) : "";
            if (name.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
                return InputFormat.JSONL;
            }
        }
        return format;
    }

    /**
     * A list given as strings (a JSON array, or a collection): element n is line n. An element that holds a
     * line break is one line still, so it is reported as invalid instead of splitting into two. Elements that
     * are objects (maps) are JSON Lines requests, whatever the format says.
     */
    public Iterator<UrlLine> lines(Collection<?> urls) {
        return lines(urls, InputFormat.LINES);
    }

    private Iterator<UrlLine> lines(Collection<?> urls, InputFormat format) {
        StringBuilder text = new StringBuilder();
        boolean requests = format == InputFormat.JSONL;
        for (Object url : urls) {
            if (url instanceof Map<?, ?> request) {
                requests = true;
                text.append(json(request));
            } else {
                text.append(url == null ? "" : String.valueOf(url).replace('\r', ' ').replace('\n', ' '));
            }
            text.append('\n');
        }
        return lines(new StringReader(text.toString()), requests ? InputFormat.JSONL : format);
    }

    private static String json(Map<?, ?> request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"unserialisable\": true}"; // reported as that line's invalid_request
        }
    }

    /** A JSON array of strings; anything else in it is a clear error, not a guess. */
    private static List<?> jsonArray(String text) {
        try {
            return JSON.readValue(text, List.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the URL list starts with '[' but is not a JSON array of strings: "
                                               + e.getOriginalMessage(), e);
        }
    }

    /**
     * The list line by line as it is read, so a list of any length streams through the split. Reading
     * stops at the end of the input; an I/O error while reading ends the iteration with an exception.
     */
    public Iterator<UrlLine> lines(Reader input) {
        return lines(input, InputFormat.LINES);
    }

    /**
     * As {@link #lines(Reader)}, in the given format. JSON Lines skip blank lines only (a {@code #} line is not
     * JSON); auto reads JSON Lines when the first non-blank line starts with '{', which no URL does.
     */
    public Iterator<UrlLine> lines(Reader input, InputFormat givenFormat) {
        ListLineReader reader = new ListLineReader(input, JsonRequestParser.MAX_LINE_LENGTH);
        Map<URI, Integer> firstLineOf = new HashMap<>();
        return new Iterator<>() {
            private int lineNumber;
            private int index;
            private UrlLine next;
            private boolean ended;
            private InputFormat format = givenFormat;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    String raw = ended ? null : readLine();
                    if (raw == null) {
                        ended = true; // Camel asks again after the end: the reader is closed by then
                        close();
                        return false;
                    }
                    lineNumber++;
                    boolean cut = reader.length() > raw.length();
                    if (lineNumber == 1 && !raw.isEmpty() && raw.charAt(0) == BYTE_ORDER_MARK) {
                        raw = raw.substring(1);
                    }
                    String trimmed = raw.strip();
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    if (format == InputFormat.AUTO) {
                        format = trimmed.startsWith("{") ? InputFormat.JSONL : InputFormat.LINES;
                    }
                    if (cut && (format == InputFormat.JSONL || !trimmed.startsWith("#"))) {
                        next = tooLong(index++, lineNumber, trimmed, reader.length(), format);
                    } else if (format == InputFormat.JSONL) {
                        // Every request is its own, even to the same URL: no dedupe.
                        next = JsonRequestParser.parse(index++, lineNumber, trimmed, UrlListParser.this);
                    } else if (!trimmed.startsWith("#")) {
                        next = dedupe(parseLine(index++, lineNumber, trimmed), trimmed, firstLineOf);
                    }
                }
                return true;
            }

            @Override
            public UrlLine next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                UrlLine line = next;
                next = null;
                return line;
            }

            private String readLine() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read the URL list after line " + lineNumber, e);
                }
            }

            private void close() {
                try {
                    reader.close();
                } catch (IOException e) {
                    // the list was read to its end: nothing is lost
                }
            }
        };
    }

    /** A line cut by the reader: reported with its full length, as a shorter over-long line is. */
    private static UrlLine tooLong(int index, int lineNumber, String kept, long length, InputFormat format) {
        if (format == InputFormat.JSONL) {
            return UrlLine.rejected(index, lineNumber, "", Outcome.INVALID_REQUEST, "line " + lineNumber + ": the line is "
                    + length + " characters long; the limit is " + JsonRequestParser.MAX_LINE_LENGTH);
        }
        return UrlLine.rejected(index, lineNumber, kept.substring(0, Math.min(200, kept.length())) + "…", Outcome.INVALID_URL,
                "line " + lineNumber + ": URL is " + length + " characters long; the limit is " + MAX_URL_LENGTH);
    }

    private UrlLine dedupe(UrlLine line, String text, Map<URI, Integer> firstLineOf) {
        if (!dedupe || !line.isFetchable()) {
            return line;
        }
        Integer first = firstLineOf.putIfAbsent(normalized(line.uri()), line.line());
        return first == null ? line : UrlLine.rejected(line.index(), line.line(), text, Outcome.DUPLICATE,
                "line " + line.line() + ": same URL as line " + first + ", fetched once (fetch.dedupe)");
    }

    private static URI normalized(URI uri) {
        return URI.create(uri.normalize().toString().replaceFirst("^[^:]+://[^/?#]+",
                uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)));
    }

    /** Whether the text is a host, maybe with a port and a path, written without {@code http://}. */
    public static boolean lacksScheme(String text) {
        return SCHEMELESS.matcher(text).matches();
    }

    UrlLine parseLine(int index, int lineNumber, String text) {
        if (text.length() > MAX_URL_LENGTH) {
            return UrlLine.rejected(index, lineNumber, text.substring(0, 200) + "…", Outcome.INVALID_URL,
                    "line " + lineNumber + ": URL is " + text.length() + " characters long; the limit is " + MAX_URL_LENGTH);
        }
        if (text.indexOf('\uFFFD') >= 0 || hasControlCharacter(text)) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": contains control characters or bytes that are not UTF-8");
        }
        if (lacksScheme(text)) {
            // curl guesses http:// here; a list that is fetched unattended says so instead of guessing.
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL, "line " + lineNumber
                    + ": no scheme: add http:// or https:// (http://" + text + ")");
        }
        URI uri;
        try {
            uri = new URI(toAscii(text));
        } catch (URISyntaxException | IllegalArgumentException e) {
            String why = e instanceof URISyntaxException syntax
                    ? syntax.getReason() + " at index " + syntax.getIndex() : e.getMessage();
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": not a valid URL: " + why);
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": not an absolute URL (expected http:// or https://)");
        }
        String normalizedScheme = scheme.toLowerCase(Locale.ROOT);
        if (!normalizedScheme.equals("http") && !normalizedScheme.equals("https")) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.UNSUPPORTED_SCHEME,
                    "line " + lineNumber + ": scheme '" + scheme + "' is not fetched; only http and https are");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": URL has no valid host name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            // TCP ports are 1-65535, as curl's URL parser takes them; java.net.URI takes any digits, HttpClient then fails.
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL, "line " + lineNumber + ": port "
                    + uri.getPort() + " is out of range; a port is 1 to 65535");
        }
        if (uri.getHost().regionMatches(true, 0, "xn--", 0, 4)) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.UNSUPPORTED_HOST, "line " + lineNumber
                    + ": host " + uri.getHost() + " starts with an internationalised (xn--) label, which camel-http's"
                    + " HttpCore 5.3 turns back into Unicode and loses; use the site's ASCII host name");
        }
        return UrlLine.accepted(index, lineNumber, text, uri);
    }

    /**
     * Internationalised URLs as browsers send them: the host in punycode (IDN), other non-ASCII characters
     * percent-encoded as UTF-8. ASCII text is returned as it is.
     */
    // Plain loops, not String.chars() streams: these run for every line of the list.
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    static String toAscii(String text) {
        if (isAscii(text)) {
            return text;
        }
        Matcher m = SCHEME_AUTHORITY_REST.matcher(text);
        if (!m.matches()) {
            return percentEncodeNonAscii(text);
        }
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
        String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
        String port = colon >= 0 ? hostPort.substring(colon) : "";
        return m.group(1) + percentEncodeNonAscii(userInfo) + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port
               + percentEncodeNonAscii(m.group(3));
    }

    private static String percentEncodeNonAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 128) {
                out.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        });
        return out.toString();
    }
}
