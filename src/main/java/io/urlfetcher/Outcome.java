package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What happened to one URL. Every input line gets exactly one of these. */
public enum Outcome {
    /** A 1xx-3xx final response whose body was read completely. */
    OK,
    /**
     * A 304 to a conditional request the history made ({@code If-None-Match}, {@code If-Modified-Since}): the body is
     * the one fetched before, whose sha256 and bodyFile the result carries; bytes 0, the saved file untouched.
     */
    NOT_MODIFIED,
    /** The server answered with 4xx or 5xx; the status is in the result. */
    HTTP_ERROR,
    /** The per-URL deadline or the connect timeout passed. */
    TIMEOUT,
    CONNECTION_REFUSED,
    /** The connection was reset or closed under us. */
    CONNECTION_RESET,
    DNS_FAILURE,
    TLS_ERROR,
    /**
     * The proxy the URL went through failed it: it could not be reached, refused the CONNECT of an https URL, or
     * answered 407 (credentials missing or refused). The error names the proxy, never its password.
     */
    PROXY_ERROR,
    /** The decoded body grew past {@code fetch.max-body}; reading stopped there. */
    BODY_TOO_LARGE,
    /**
     * The response was read whole but could not be kept as asked: writing it to {@code fetch.save-bodies} failed
     * (disk full, folder gone) or the response sink refused it. The error names the path or endpoint.
     */
    DELIVERY_FAILED,
    /** A response header line longer than {@code fetch.max-header-size}, or too many header lines. */
    HEADERS_TOO_LARGE,
    /** The host resolved to a private, loopback, link-local or otherwise internal address and {@code fetch.block-private} is on. */
    BLOCKED,
    /** More redirects than the limit allows, or a redirect loop. */
    REDIRECT_LIMIT,
    /**
     * A redirect not followed: to a scheme other than http/https ({@code file:}, {@code ftp:} ...), or from https to
     * http without {@code fetch.allow-downgrade}. The error quotes the Location.
     */
    REDIRECT_BLOCKED,
    /**
     * The server closed the connection before its response (not a byte of it), within its headers, or before the
     * body's end (Content-Length not reached, a chunked body cut off); the error says how many body bytes arrived.
     */
    CONNECTION_CLOSED,
    /** The server sent something that is not valid HTTP: garbage, a bad status line, bad chunk framing. */
    PROTOCOL_ERROR,
    /** Any other I/O failure. */
    IO_ERROR,
    /** The line is not a well-formed absolute URL. */
    INVALID_URL,
    /**
     * A host camel-http cannot address: HttpCore 5.3 turns a host whose first label is punycode
     * ({@code xn--}) back into Unicode and loses it. Other internationalised hosts are fetched.
     */
    UNSUPPORTED_HOST,
    /** A well-formed URL whose scheme is not http or https. */
    UNSUPPORTED_SCHEME,
    /**
     * A JSON Lines request that cannot be sent: not a JSON object, no {@code url}, an unknown method, a header
     * that is not a string, a field of its own named like a result property ... (the error names the line).
     */
    INVALID_REQUEST,
    /** The same URL as an earlier line, skipped because {@code fetch.dedupe} is on. */
    DUPLICATE,
    /**
     * Distributed batch: the job failed on every delivery (its worker crashed or could not send a result)
     * and the broker moved it to the dead-letter queue.
     */
    DEAD_LETTER,
    /** Distributed batch: no result arrived within {@code fetch.result-timeout} (no worker running, or all stalled). */
    NO_RESULT,
    /**
     * The host:port of the URL failed {@code fetch.host-failures} times in a row (dead-host signals, see
     * {@code HostSignals}), so its circuit breaker is open and the URL was not requested.
     */
    HOST_UNAVAILABLE,
    /** The run was stopped (SIGTERM, Ctrl-C) before this line was started. */
    NOT_STARTED,
    /** The run was stopped while this line was in flight, and it did not finish within the grace period. */
    INTERRUPTED,
    /** A failure inside url-fetcher itself; the message says what. */
    INTERNAL_ERROR;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFailure() {
        return this != OK && this != NOT_MODIFIED;
    }

    /**
     * Whether a resumed run ({@code fetch.state}) fetches the line again: true for a line that was never requested,
     * not finished (the run stopped, or its host's circuit breaker was open) or whose response could not be kept as
     * asked (a full disk: {@link #DELIVERY_FAILED}); false for any other answer or failure.
     */
    public boolean fetchedAgainOnResume() {
        return this == NOT_STARTED || this == INTERRUPTED || this == HOST_UNAVAILABLE || this == DELIVERY_FAILED;
    }
}
