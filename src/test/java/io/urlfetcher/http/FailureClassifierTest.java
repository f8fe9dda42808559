package io.urlfetcher.http;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.NotStartedException;
import io.urlfetcher.core.RunInterruptedException;

import org.apache.camel.CamelExecutionException;
import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http2.H2ConnectionException;
import org.apache.hc.core5.http2.H2Error;
import org.apache.hc.core5.http2.H2StreamResetException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void classifiesByTypeEvenWithoutAMessage() {
        assertThat(classifier.classify(new ConnectException())).isEqualTo(Outcome.CONNECTION_REFUSED);
        assertThat(classifier.classify(new HttpHostConnectException("refused"))).isEqualTo(Outcome.CONNECTION_REFUSED);
        assertThat(classifier.classify(new UnknownHostException())).isEqualTo(Outcome.DNS_FAILURE);
        assertThat(classifier.classify(new SocketTimeoutException())).isEqualTo(Outcome.TIMEOUT);
        assertThat(classifier.classify(new ConnectTimeoutException("x"))).isEqualTo(Outcome.TIMEOUT);
        assertThat(classifier.classify(new DeadlineExceededException(1000))).isEqualTo(Outcome.TIMEOUT);
        assertThat(classifier.classify(new SSLHandshakeException("x"))).isEqualTo(Outcome.TLS_ERROR);
        assertThat(classifier.classify(new NoHttpResponseException("x"))).isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(classifier.classify(new CircularRedirectException("x"))).isEqualTo(Outcome.REDIRECT_LIMIT);
        assertThat(classifier.classify(new SocketException("Connection reset"))).isEqualTo(Outcome.CONNECTION_RESET);
        assertThat(classifier.classify(new H2StreamResetException(H2Error.REFUSED_STREAM, "Stream refused")))
                .isEqualTo(Outcome.CONNECTION_RESET);
        assertThat(classifier.classify(new H2ConnectionException(H2Error.FRAME_SIZE_ERROR, "Frame size exceeds maximum")))
                .isEqualTo(Outcome.PROTOCOL_ERROR);
        assertThat(classifier.classify(new org.apache.hc.core5.http2.hpack.HeaderListConstraintException(
                "Maximum header list size exceeded"))).isEqualTo(Outcome.HEADERS_TOO_LARGE); // an HPackException
    }

    @Test
    void aConnectionClosedEarlyIsKeptApartFromBrokenHttp() {
        assertThat(classifier.classify(new org.apache.hc.core5.http.ConnectionClosedException("Premature end")))
                .isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(classifier.classify(new org.apache.hc.core5.http.TruncatedChunkException("Truncated chunk")))
                .isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(classifier.classify(new BodyCutShortException(50, new java.io.IOException("cut"))))
                .isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(classifier.classify(new org.apache.hc.core5.http.MalformedChunkCodingException("Bad chunk header")))
                .isEqualTo(Outcome.PROTOCOL_ERROR);
        assertThat(classifier.classify(new org.apache.hc.client5.http.ClientProtocolException(
                new org.apache.hc.core5.http.ProtocolException("garbage")))).isEqualTo(Outcome.PROTOCOL_ERROR);
    }

    @Test
    void looksThroughWrappers() {
        Exception wrapped = new CamelExecutionException("failed", null, new RuntimeException(new ConnectException()));

        assertThat(classifier.classify(wrapped)).isEqualTo(Outcome.CONNECTION_REFUSED);
    }

    @Test
    void aProxyFailureIsTheProxysAndABlockedRedirectIsNotAProtocolError() {
        assertThat(classifier.classify(new ProxyException("proxy http://p:3128 cannot be reached", new ConnectException())))
                .isEqualTo(Outcome.PROXY_ERROR);
        assertThat(classifier.classify(new org.apache.hc.client5.http.ClientProtocolException(
                new RedirectBlockedException("Location file:///etc/passwd")))).isEqualTo(Outcome.REDIRECT_BLOCKED);
    }

    @Test
    void aStoppedRunsLinesAreNotStartedOrInterruptedNeverTimedOut() {
        RunInterruptedException interrupted = new RunInterruptedException("SIGTERM", 5000);
        interrupted.initCause(new java.io.InterruptedIOException("Request aborted")); // what HttpClient's cancel throws

        assertThat(classifier.classify(interrupted)).isEqualTo(Outcome.INTERRUPTED);
        assertThat(classifier.classify(new CamelExecutionException("x", null, interrupted))).isEqualTo(Outcome.INTERRUPTED);
        assertThat(classifier.classify(new NotStartedException("stopped"))).isEqualTo(Outcome.NOT_STARTED);
    }

    @Test
    void anythingElseIsAnInternalError() {
        assertThat(classifier.classify(new IllegalStateException("bug"))).isEqualTo(Outcome.INTERNAL_ERROR);
        assertThat(classifier.classify(new java.io.IOException("odd"))).isEqualTo(Outcome.IO_ERROR);
    }
}
