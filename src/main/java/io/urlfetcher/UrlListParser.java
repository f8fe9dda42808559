package io.urlfetcher;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a URL list into {@link UrlLine}s: one per line that is neither blank nor a
 * {@code #} comment. A line that cannot be fetched is kept, with its outcome and reason, so that
 * it is reported instead of lost.
 */
public final class UrlListParser {

    /** Longer URLs are refused: most servers answer 414 past 8 KB, and nobody means to fetch 100 KB lines. */
    public static final int MAX_URL_LENGTH = 8192;

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final Pattern SCHEME_AUTHORITY_REST = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)(.*)", Pattern.DOTALL);

    private final boolean dedupe;

    public UrlListParser() {
        this(false);
    }

    /** @param dedupe report a repeated URL as {@link Outcome#DUPLICATE} instead of fetching it again */
    public UrlListParser(boolean dedupe) {
        this.dedupe = dedupe;
    }

    public List<UrlLine> parse(String text) {
        List<UrlLine> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        String body = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        String[] rawLines = body.split("\r\n|\r|\n", -1);
        Map<URI, Integer> firstLineOf = new HashMap<>();
        for (int i = 0; i < rawLines.length; i++) {
            String trimmed = rawLines[i].strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            UrlLine line = parseLine(lines.size(), i + 1, trimmed);
            if (dedupe && line.isFetchable()) {
                Integer first = firstLineOf.putIfAbsent(normalized(line.uri()), line.line());
                if (first != null) {
                    line = UrlLine.rejected(line.index(), line.line(), trimmed, Outcome.DUPLICATE,
                            "line " + line.line() + ": same URL as line " + first + ", fetched once (fetch.dedupe)");
                }
            }
            lines.add(line);
        }
        return lines;
    }

    private static URI normalized(URI uri) {
        return URI.create(uri.normalize().toString().replaceFirst("^[^:]+://[^/?#]+",
                uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)));
    }

    UrlLine parseLine(int index, int lineNumber, String text) {
        if (text.length() > MAX_URL_LENGTH) {
            return UrlLine.rejected(index, lineNumber, text.substring(0, 200) + "…", Outcome.INVALID_URL,
                    "line " + lineNumber + ": URL is " + text.length() + " characters long; the limit is " + MAX_URL_LENGTH);
        }
        if (text.indexOf('\uFFFD') >= 0 || text.chars().anyMatch(Character::isISOControl)) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": contains control characters or bytes that are not UTF-8");
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
    static String toAscii(String text) {
        if (text.chars().allMatch(c -> c < 128)) {
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
