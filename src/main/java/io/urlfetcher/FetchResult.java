package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The outcome of one URL line. Carries no body: a report of a million URLs stays small.
 *
 * @param index       position among the URL lines, from 0
 * @param line        line number in the input, from 1
 * @param url         the URL as given, with any password replaced by {@code ***}
 * @param outcome     what happened
 * @param status      the HTTP status, or null when no response arrived
 * @param millis      time of the request and the full body read
 * @param startMillis when the request started, counted from the start of the batch
 * @param bytes       body bytes actually read (after any content decoding)
 * @param contentType the response's Content-Type, or null
 * @param attempts    requests made for it: 1, plus one per retry; 0 when nothing was requested
 * @param redirects   redirects followed
 * @param finalUrl    the last URL requested (after redirects, password removed), or null when nothing was requested
 * @param thread      the thread that fetched it, or null when nothing was fetched
 * @param error       a short message, null when the outcome is ok
 */
@JsonPropertyOrder({ "index", "line", "url", "outcome", "status", "millis", "startMillis", "bytes", "contentType", "attempts",
        "redirects", "finalUrl", "thread",
        "error" })
public record FetchResult(
        int index, int line, String url, Outcome outcome, Integer status, long millis, long startMillis, long bytes,
        String contentType, int attempts, int redirects, String finalUrl, String thread, String error) {
}
