package io.urlfetcher.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FetchTraceTest {

    @Test
    void separatesRedirectHopsFromRetries() {
        FetchTrace trace = new FetchTrace();
        trace.hopStarted("http://a/1");
        trace.responseReceived(302, true, "HTTP/1.1");
        trace.hopStarted("http://a/2");
        trace.responseReceived(503, false, "HTTP/1.1");
        trace.hopStarted("http://a/2"); // a retry of the second hop
        trace.responseReceived(200, false, "HTTP/1.0");

        assertThat(trace.attempts()).isEqualTo(2);
        assertThat(trace.redirects()).isEqualTo(1);
        assertThat(trace.protocol()).isEqualTo("HTTP/1.0"); // the last response's
        assertThat(trace.finalUrl()).isEqualTo("http://a/2");
    }

    @Test
    void aRetryAfterAnIoErrorIsAnAttempt() {
        FetchTrace trace = new FetchTrace();
        trace.hopStarted("http://a/");
        trace.hopStarted("http://a/");

        assertThat(trace.attempts()).isEqualTo(2);
        assertThat(trace.redirects()).isZero();
    }
}
