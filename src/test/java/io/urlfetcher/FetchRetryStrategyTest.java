package io.urlfetcher;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
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
}
