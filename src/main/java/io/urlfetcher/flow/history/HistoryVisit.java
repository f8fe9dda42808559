package io.urlfetcher.flow.history;

import io.urlfetcher.core.UrlLine;

import org.apache.camel.Exchange;

/**
 * One line's dealings with the history, in the exchange property {@value #PROPERTY}: its key, the entry found for it,
 * whether the request went out conditional, and the validators its response brought. Made by the lookup step, read
 * by the recorder and the record step; one line's steps run on one thread, one after the other.
 */
public final class HistoryVisit {

    /** The exchange property of a line whose run keeps a history; absent otherwise. */
    public static final String PROPERTY = "fetchHistoryVisit";

    private final String key;
    private final String url;
    private final HistoryEntry entry;
    private boolean validatorsSent;
    private String responseEtag;
    private String responseLastModified;

    HistoryVisit(String key, String url, HistoryEntry entry) {
        this.key = key;
        this.url = url;
        this.entry = entry;
    }

    /** The line's visit, or null when its run keeps no history (or the line is no request). */
    public static HistoryVisit of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, HistoryVisit.class);
    }

    /** Whether a request carries a validator of its own (a JSON Lines request's If-None-Match or If-Modified-Since). */
    public static boolean askedConditional(UrlLine line) {
        if (line == null || line.request() == null) {
            return false;
        }
        return line.request().headers().keySet().stream()
                .anyMatch(name -> name.equalsIgnoreCase("If-None-Match") || name.equalsIgnoreCase("If-Modified-Since"));
    }

    String key() {
        return key;
    }

    String url() {
        return url;
    }

    /** The history's entry of the request, or null when it has none. */
    public HistoryEntry entry() {
        return entry;
    }

    /** Whether the request went out with If-None-Match or If-Modified-Since, so a 304 answers it. */
    public boolean validatorsSent() {
        return validatorsSent;
    }

    void sentValidators() {
        validatorsSent = true;
    }

    /** The response's ETag and Last-Modified (either may be null), as it sent them. */
    public void responded(String etag, String lastModified) {
        this.responseEtag = etag;
        this.responseLastModified = lastModified;
    }

    String responseEtag() {
        return responseEtag;
    }

    String responseLastModified() {
        return responseLastModified;
    }
}
