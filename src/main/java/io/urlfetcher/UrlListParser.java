package io.urlfetcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the text of a URL list into {@link UrlLine}s: one per line that is neither blank nor a
 * {@code #} comment. A line that cannot be fetched is kept, with its outcome and reason, so that
 * it is reported instead of lost.
 */
public final class UrlListParser {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    public List<UrlLine> parse(String text) {
        List<UrlLine> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        String body = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        String[] rawLines = body.split("\r\n|\r|\n", -1);
        for (int i = 0; i < rawLines.length; i++) {
            String trimmed = rawLines[i].strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            lines.add(parseLine(lines.size(), i + 1, trimmed));
        }
        return lines;
    }

    UrlLine parseLine(int index, int lineNumber, String text) {
        if (text.indexOf('\uFFFD') >= 0 || text.chars().anyMatch(Character::isISOControl)) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": contains control characters or bytes that are not UTF-8");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return UrlLine.rejected(index, lineNumber, text, Outcome.INVALID_URL,
                    "line " + lineNumber + ": not a valid URL: " + e.getReason() + " at index " + e.getIndex());
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
        return UrlLine.accepted(index, lineNumber, text, uri);
    }
}
