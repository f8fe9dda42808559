package io.urlfetcher;

import java.net.URI;
import java.util.Locale;

/**
 * One non-blank, non-comment line of a URL list.
 *
 * @param index     position among the URL lines, from 0; results are reported in this order
 * @param line      line number in the input, from 1
 * @param text      the line as written (trimmed), used for the report after redaction
 * @param uri       the parsed URL, or null when the line is rejected
 * @param rejection why the line cannot be fetched, or null when it can
 * @param reason    a short explanation of the rejection, or null
 */
public record UrlLine(int index, int line, String text, URI uri, Outcome rejection, String reason) {

    public static UrlLine accepted(int index, int line, String text, URI uri) {
        return new UrlLine(index, line, text, uri, null, null);
    }

    public static UrlLine rejected(int index, int line, String text, Outcome rejection, String reason) {
        return new UrlLine(index, line, text, null, rejection, reason);
    }

    public boolean isFetchable() {
        return rejection == null;
    }

    /** {@code host:port} of a fetchable URL: the key of the per-host concurrency limit. */
    public String getHostKey() {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
