package io.urlfetcher.http;

import io.urlfetcher.core.UrlLine;
import io.urlfetcher.core.RunStop;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries inside HttpClient, where a retry can reuse the request as it is: connection failures, read
 * timeouts and the configured statuses, with exponential back-off and jitter, honouring
 * {@code Retry-After} up to a cap. A retry that would not finish before the URL's deadline is not started.
 * POST and PATCH are not idempotent (a retry may repeat their effect): they are retried only when asked
 * ({@code fetch.retry-post}), on both paths. HttpClient's own default strategy refuses them on the I/O path
 * only, and replacing it drops even that; its exec chain retries any request whose entity is repeatable.
 * A connection failure is not retried while the host's circuit breaker is open or probing ({@link HostCircuitBreakers}):
 * other URLs already found the host dead.
 */
final class FetchRetryStrategy implements HttpRequestRetryStrategy {

    private final RetryPolicy policy;
    private final boolean retryNonIdempotent;
    private final HostCircuitBreakers breakers;

    FetchRetryStrategy(RetryPolicy policy) {
        this(policy, false);
    }

    /** @param retryNonIdempotent retry POST and PATCH too ({@code fetch.retry-post}) */
    FetchRetryStrategy(RetryPolicy policy, boolean retryNonIdempotent) {
        this(policy, retryNonIdempotent, HostCircuitBreakers.OFF);
    }

    FetchRetryStrategy(RetryPolicy policy, boolean retryNonIdempotent, HostCircuitBreakers breakers) {
        this.policy = policy;
        this.retryNonIdempotent = retryNonIdempotent;
        this.breakers = breakers;
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= policy.retries() && mayRepeat(request) && isTransient(exception)
               && fitsDeadline(context, longestBackoff(execCount)) && !breakers.isOpen(hostKey(request));
    }

    /** {@code host:port} as {@link UrlLine#getHostKey()} writes it, the key of the host's circuit breaker. */
    static String hostKey(HttpRequest request) {
        var authority = request.getAuthority();
        if (authority == null) {
            return "";
        }
        String host = authority.getHostName().toLowerCase(java.util.Locale.ROOT);
        host = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        int port = authority.getPort() >= 0 ? authority.getPort() : "https".equalsIgnoreCase(request.getScheme()) ? 443 : 80;
        return host + ":" + port;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        if (execCount > policy.retries() || !policy.statuses().contains(response.getCode())) {
            return false;
        }
        if (!retryNonIdempotent && context instanceof HttpClientContext client && client.getRequest() != null
            && !Method.isIdempotent(client.getRequest().getMethod())) {
            return false; // the response path is not given the request: the context has it
        }
        Optional<Duration> retryAfter = retryAfter(response);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(policy.maxRetryAfter()) > 0) {
            return false; // the server asks for a longer pause than we wait: its answer stands
        }
        return fitsDeadline(context, retryAfter.orElseGet(() -> longestBackoff(execCount)));
    }

    @Override
    public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return TimeValue.ofMilliseconds(policy.backoffBefore(execCount, ThreadLocalRandom.current().nextDouble()).toMillis());
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        Duration wait = retryAfter(response)
                .orElseGet(() -> policy.backoffBefore(execCount, ThreadLocalRandom.current().nextDouble()));
        return TimeValue.ofMilliseconds(wait.toMillis());
    }

    private boolean mayRepeat(HttpRequest request) {
        return retryNonIdempotent || Method.isIdempotent(request.getMethod());
    }

    /** The wait is drawn after this check: judge the retry by the longest wait the jitter can draw. */
    private Duration longestBackoff(int execCount) {
        return policy.backoffBefore(execCount, 1);
    }

    private static Optional<Duration> retryAfter(HttpResponse response) {
        var header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return header == null ? Optional.empty() : RetryAfter.parse(header.getValue(), Instant.now());
    }

    /** Failures that another attempt may not meet; a refused connection, a reset, silence, or no response. */
    private static boolean isTransient(IOException e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
               || e instanceof SocketTimeoutException || e instanceof NoHttpResponseException
               || e instanceof ConnectionClosedException
               || e instanceof SocketException;
    }

    private static boolean fitsDeadline(HttpContext context, Duration wait) {
        Object deadline = context.getAttribute(RequestLimitsExecHandler.DEADLINE_NANOS);
        long end = System.nanoTime() + wait.toNanos();
        // A stopped run's grace is a deadline too: a retry that would outlast it is not started.
        return (!(deadline instanceof Long nanos) || end < nanos)
               && !(context.getAttribute(RequestLimitsExecHandler.RUN_STOP) instanceof RunStop stop && end >= stop.graceEndNanos());
    }
}
