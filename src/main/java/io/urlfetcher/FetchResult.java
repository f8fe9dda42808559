package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one URL line. Carries a body only when it is small and asked for ({@code fetch.inline-body}):
 * a report of a million URLs stays small.
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
 * @param attempts    tries made for it, answered or not (a refused connection is one): 1, plus one per retry; 0 when it
 *                    was never tried
 * @param redirects   redirects followed
 * @param finalUrl    the last URL requested (after redirects, password removed), or null when nothing was requested
 * @param thread      the thread that fetched it, or null when nothing was fetched
 * @param error       a short message, null when the outcome is ok
 * @param worker      the worker process that fetched it ({@code pid@host}) in a distributed batch, else null
 * @param deliveries  how often the broker delivered its job to a worker (more than 1 after a worker died or
 *                    failed), in a distributed batch, else null
 * @param method      the request method when it is not GET (a JSON Lines request), else null
 * @param sha256      SHA-256 of the decoded body, hex, computed while it was read; null when no body was read whole
 *                    or {@code fetch.hash} is none
 * @param bodyFile    where the body was saved, relative to {@code fetch.save-bodies}, else null
 * @param body        the body as text, when {@code fetch.inline-body} allows it, else null
 * @param bodyOmitted why the body is not inline although {@code fetch.inline-body} asked for it, else null
 * @param headers     the response headers {@code fetch.keep-headers} asked for (lower-case names, every value), else null
 * @param timings     phase timings of the request, else null when nothing was requested
 * @param protocol    the protocol of the final response as its status line gave it ({@code HTTP/1.1}), else null
 * @param change      what changed since the history's last fetch of the request, else null (no history, or the run
 *                    stopped before it could tell)
 * @param previous    what the history held of the request before, else null
 * @param fields      the extra fields of a JSON Lines request (like {@code id}), copied through to the top level of
 *                    the result's JSON, else null
 */
@JsonPropertyOrder({ "index", "line", "url", "outcome", "status", "millis", "startMillis", "bytes", "contentType", "attempts",
        "redirects", "finalUrl", "thread",
        "error", "worker", "deliveries", "method", "sha256", "bodyFile", "body", "bodyOmitted", "headers", "timings", "protocol",
        "change", "previous" })
public record FetchResult(
        int index, int line, String url, Outcome outcome, Integer status, long millis, long startMillis, long bytes,
        String contentType, int attempts, int redirects, String finalUrl, String thread, String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String worker,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deliveries,
        @JsonInclude(JsonInclude.Include.NON_NULL) String method,
        @JsonInclude(JsonInclude.Include.NON_NULL) String sha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String bodyFile,
        @JsonInclude(JsonInclude.Include.NON_NULL) String body,
        @JsonInclude(JsonInclude.Include.NON_NULL) String bodyOmitted,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<String>> headers,
        @JsonInclude(JsonInclude.Include.NON_NULL) PhaseTimings timings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String protocol,
        @JsonInclude(JsonInclude.Include.NON_NULL) Change change,
        @JsonInclude(JsonInclude.Include.NON_NULL) PreviousFetch previous,
        // At the top level of the result's JSON, so results join to the user's own records; read back the same way.
        @JsonAnyGetter @JsonAnySetter Map<String, Object> fields) {

    /** Read back from JSON, a result without fields of its own has none (not an empty map). */
    public FetchResult {
        fields = fields == null || fields.isEmpty() ? null : fields;
    }

    /** A result of a local run. */
    public FetchResult(int index, int line, String url, Outcome outcome, Integer status, long millis, long startMillis,
                       long bytes, String contentType, int attempts, int redirects, String finalUrl, String thread,
                       String error) {
        this(index, line, url, outcome, status, millis, startMillis, bytes, contentType, attempts, redirects, finalUrl,
                thread, error, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A failure of a line that no worker fetched (dead-lettered, or never answered for). */
    public static FetchResult unfetched(int index, int line, String url, Outcome outcome, String error, Integer deliveries) {
        return new FetchResult(index, line, url, outcome, null, 0, 0, 0, null, 0, 0, null, null, error, null, deliveries,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This result as one job of a distributed batch: its place in the batch's list and who fetched it. */
    public FetchResult forJob(int jobIndex, int jobLine, long jobStartMillis, String byWorker, int jobDeliveries) {
        return new FetchResult(jobIndex, jobLine, url, outcome, status, millis, jobStartMillis, bytes, contentType, attempts,
                redirects, finalUrl, thread, error, byWorker, jobDeliveries, method, sha256, bodyFile, body, bodyOmitted,
                headers, timings, protocol, change, previous, fields);
    }

    /** This result with what was kept of the response body and headers. */
    public FetchResult withBody(String bodySha256, String savedAs, String inlineBody, String whyNotInline,
                                Map<String, List<String>> keptHeaders) {
        return new FetchResult(index, line, url, outcome, status, millis, startMillis, bytes, contentType, attempts,
                redirects, finalUrl, thread, error, worker, deliveries, method, bodySha256, savedAs, inlineBody, whyNotInline,
                keptHeaders, timings, protocol, change, previous, fields);
    }

    /** This result with the phase timings of its request. */
    public FetchResult withTimings(PhaseTimings phases) {
        return new FetchResult(index, line, url, outcome, status, millis, startMillis, bytes, contentType, attempts,
                redirects, finalUrl, thread, error, worker, deliveries, method, sha256, bodyFile, body, bodyOmitted,
                headers, phases, protocol, change, previous, fields);
    }

    /** This result with what its JSON Lines request said beyond the URL: a method other than GET, extra fields. */
    public FetchResult withRequest(String requestMethod, Map<String, Object> requestFields) {
        return new FetchResult(index, line, url, outcome, status, millis, startMillis, bytes, contentType, attempts,
                redirects, finalUrl, thread, error, worker, deliveries, requestMethod, sha256, bodyFile, body, bodyOmitted,
                headers, timings, protocol, change, previous, requestFields);
    }

    /** This result with what changed since the history's last fetch of its request, and what that fetch was. */
    public FetchResult withChange(Change sinceBefore, PreviousFetch before) {
        return new FetchResult(index, line, url, outcome, status, millis, startMillis, bytes, contentType, attempts,
                redirects, finalUrl, thread, error, worker, deliveries, method, sha256, bodyFile, body, bodyOmitted,
                headers, timings, protocol, sinceBefore, before, fields);
    }
}
