package io.urlfetcher.http;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.UrlLine;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** POST and PATCH are retried only when asked, on the I/O path and the status path alike. */
class FetchRetryStrategyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(2, Set.of(503), Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(30));

    private static HttpClientContext sending(String method) {
        HttpClientContext context = HttpClientContext.create();
        context.setRequest(new BasicClassicHttpRequest(method, "/"));
        return context;
    }

    private static boolean retriesAfterConnectFailure(FetchRetryStrategy strategy, String method) {
        return strategy.retryRequest(new BasicClassicHttpRequest(method, "/"), new ConnectException(), 1, sending(method));
    }

    private static boolean retries503(FetchRetryStrategy strategy, String method) {
        return strategy.retryRequest(new BasicHttpResponse(503), 1, sending(method));
    }

    @Test
    void nonIdempotentMethodsAreNotRetriedByDefault() {
        FetchRetryStrategy strategy = new FetchRetryStrategy(POLICY, false);
        for (String method : new String[] { "POST", "PATCH" }) {
            assertThat(retriesAfterConnectFailure(strategy, method)).as(method).isFalse();
            assertThat(retries503(strategy, method)).as(method).isFalse();
        }
        for (String method : new String[] { "GET", "HEAD", "PUT", "DELETE" }) {
            assertThat(retriesAfterConnectFailure(strategy, method)).as(method).isTrue();
            assertThat(retries503(strategy, method)).as(method).isTrue();
        }
    }

    @Test
    void retryPostRetriesThemToo() {
        FetchRetryStrategy strategy = new FetchRetryStrategy(POLICY, true);
        for (String method : new String[] { "POST", "PATCH" }) {
            assertThat(retriesAfterConnectFailure(strategy, method)).as(method).isTrue();
            assertThat(retries503(strategy, method)).as(method).isTrue();
        }
    }

    @Test
    void aHostWhoseCircuitBreakerIsOpenIsNotRetried() {
        HostCircuitBreakers breakers = new HostCircuitBreakers(2, Duration.ofSeconds(30));
        for (int i = 0; i < 2; i++) {
            breakers.record(breakers.admit("127.0.0.1:1234"), HostCircuitBreakers.Verdict.FAILURE, Outcome.TIMEOUT);
        }
        FetchRetryStrategy strategy = new FetchRetryStrategy(POLICY, false, breakers);

        assertThat(strategy.retryRequest(new BasicClassicHttpRequest("GET", URI.create("http://127.0.0.1:1234/a")),
                new ConnectException(), 1, sending("GET"))).isFalse();
        assertThat(strategy.retryRequest(new BasicClassicHttpRequest("GET", URI.create("http://127.0.0.1:1235/a")),
                new ConnectException(), 1, sending("GET"))).isTrue();
    }

    @Test
    void theHostKeyIsTheOneUrlLinesUse() {
        for (String url : new String[] { "http://Example.COM/a", "https://example.com/", "http://127.0.0.1:8080/x",
                "http://[::1]/", "https://[::1]:8443/p?q" }) {
            assertThat(FetchRetryStrategy.hostKey(new BasicClassicHttpRequest("GET", URI.create(url))))
                    .as(url).isEqualTo(UrlLine.accepted(0, 1, url, URI.create(url)).getHostKey());
        }
    }
}
