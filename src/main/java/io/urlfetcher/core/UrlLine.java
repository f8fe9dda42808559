package io.urlfetcher.core;

import io.urlfetcher.Outcome;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * One non-blank, non-comment line of a URL list.
 *
 * @param index     position among the URL lines, from 0; results are reported in this order
 * @param line      line number in the input, from 1
 * @param text      the URL as written (trimmed), used for the report after redaction
 * @param uri       the parsed URL, or null when the line is rejected
 * @param rejection why the line cannot be fetched, or null when it can
 * @param reason    a short explanation of the rejection, or null
 * @param request   what a JSON Lines request asks beyond a GET of the URL, or null for a plain URL line (kept
 *                  cheap: no maps for the common case)
 */
public record UrlLine(int index, int line, String text, URI uri, Outcome rejection, String reason, Request request) {

    /**
     * A JSON Lines request's method, headers, body and the user's own fields.
     *
     * @param method  GET, HEAD, POST, PUT, PATCH or DELETE, upper case
     * @param headers request headers, in the order given; they win over the global {@code fetch.headers} of the
     *                same name. Values may be secrets: never log them
     * @param body    the body to send (UTF-8), or null for none
     * @param fields  the line's other fields (like {@code id}), copied into its result, or null when there are none
     */
    public record Request(String method, Map<String, String> headers, String body, Map<String, Object> fields) {

        /** Never prints header values (they may hold credentials) nor the body. */
        @Override
        public String toString() {
            return method + " with headers " + headers.keySet() + (body == null ? "" : " and a body of " + body.length()
                    + " characters") + (fields == null ? "" : ", fields " + fields.keySet());
        }
    }

    public static UrlLine accepted(int index, int line, String text, URI uri) {
        return new UrlLine(index, line, text, uri, null, null, null);
    }

    public static UrlLine rejected(int index, int line, String text, Outcome rejection, String reason) {
        return new UrlLine(index, line, text, null, rejection, reason, null);
    }

    /** This line carrying a JSON Lines request. */
    public UrlLine withRequest(Request jsonRequest) {
        return new UrlLine(index, line, text, uri, rejection, reason, jsonRequest);
    }

    public boolean isFetchable() {
        return rejection == null;
    }

    /** The request method, for the result: null for a GET (the result leaves it out), else its name. */
    public String resultMethod() {
        return request == null || request.method().equals("GET") ? null : request.method();
    }

    /** The request's own fields, for the result, or null. */
    public Map<String, Object> fields() {
        return request == null ? null : request.fields();
    }

    /** {@code host:port} of a fetchable URL: the key of the per-host concurrency limit. */
    public String getHostKey() {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
