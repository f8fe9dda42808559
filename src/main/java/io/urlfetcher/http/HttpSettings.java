package io.urlfetcher.http;

import io.urlfetcher.core.RequestHeader;

import java.time.Duration;
import java.util.List;

/**
 * How each request is made and limited: timeouts, redirects, size caps, retries, what is sent, the SSRF guard, the
 * proxy, TLS and the per-host circuit breakers ({@code fetch.*}, read by {@code FetchSettings.from}).
 *
 * @param connectTimeout longest wait for a TCP connection
 * @param timeout        the hard per-URL deadline, retries and redirects included
 * @param readTimeout    longest silence within one attempt (capped at {@code timeout})
 * @param userAgent      the User-Agent: {@code random}, a browser name or the header's text
 * @param headers        headers sent with every request
 * @param maxRedirects   redirects followed at most; 0 for none
 * @param maxBody        largest body read, in bytes
 * @param maxHeaderSize  longest response header line, in bytes
 * @param retry          which failures are retried, how often and how long apart
 * @param retryPost      whether a POST (not idempotent) is retried too
 * @param blockPrivate   whether private, loopback and link-local addresses are refused (the SSRF guard)
 * @param allowPrivate   host:port pairs let through the guard
 * @param proxy          the proxy for all targets, or empty for the environment's
 * @param noProxy        hosts reached directly
 * @param allowDowngrade whether a redirect from https to http is followed
 * @param http2          whether https requests go by HttpClient 5's async client, HTTP/2 when the server offers it
 * @param tls            trust and client certificate
 * @param hostFailures   connection failures in a row that open a host's circuit breaker; 0 for never
 * @param hostCooldown   how long an open breaker refuses its host before one probe
 */
public record HttpSettings(Duration connectTimeout, Duration timeout, Duration readTimeout, String userAgent,
                           List<RequestHeader> headers, int maxRedirects, long maxBody, int maxHeaderSize,
                           RetryPolicy retry, boolean retryPost, boolean blockPrivate, List<String> allowPrivate,
                           String proxy, String noProxy, boolean allowDowngrade, boolean http2, TlsSettings tls, int hostFailures,
                           Duration hostCooldown) {

    /** The longest silence within one attempt: the read timeout, but never beyond the whole URL's deadline. */
    public Duration silenceTimeout() {
        return readTimeout.compareTo(timeout) < 0 ? readTimeout : timeout;
    }
}
