package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.SocketTimeoutException;

import static io.urlfetcher.http.HostCircuitBreakers.Verdict.FAILURE;
import static io.urlfetcher.http.HostCircuitBreakers.Verdict.NEUTRAL;
import static io.urlfetcher.http.HostCircuitBreakers.Verdict.SILENCE;
import static io.urlfetcher.http.HostCircuitBreakers.Verdict.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

class HostSignalsTest {

    private static final boolean ANSWERED = true;
    private static final boolean CONNECTED = true;

    @Test
    void deadHostSignalsAreFailures() {
        assertThat(HostSignals.verdict(Outcome.CONNECTION_REFUSED, null, !ANSWERED, !CONNECTED)).isEqualTo(FAILURE);
        assertThat(HostSignals.verdict(Outcome.TIMEOUT, null, !ANSWERED, !CONNECTED)).as("connect timeout").isEqualTo(FAILURE);
        assertThat(HostSignals.verdict(Outcome.CONNECTION_RESET, null, !ANSWERED, CONNECTED)).isEqualTo(FAILURE);
        assertThat(HostSignals.verdict(Outcome.CONNECTION_CLOSED, null, !ANSWERED, CONNECTED)).as("an empty reply")
                .isEqualTo(FAILURE);
        Throwable silentTls = new IllegalStateException(new ConnectionPhases.NoTlsAnswerException(
                Timeout.ofSeconds(3), new SocketTimeoutException("Read timed out")));
        assertThat(HostSignals.verdict(Outcome.TLS_ERROR, silentTls, !ANSWERED, !CONNECTED)).isEqualTo(FAILURE);
    }

    @Test
    void aResponseTimeoutOnAnEstablishedConnectionIsSilenceNotDeath() {
        assertThat(HostSignals.verdict(Outcome.TIMEOUT, null, !ANSWERED, CONNECTED)).isEqualTo(SILENCE);
    }

    @Test
    void anythingAfterAStatusLineIsAnAnswer() {
        assertThat(HostSignals.verdict(Outcome.OK, null, ANSWERED, CONNECTED)).isEqualTo(SUCCESS);
        assertThat(HostSignals.verdict(Outcome.HTTP_ERROR, null, ANSWERED, CONNECTED)).isEqualTo(SUCCESS);
        assertThat(HostSignals.verdict(Outcome.BODY_TOO_LARGE, null, ANSWERED, CONNECTED)).isEqualTo(SUCCESS);
        assertThat(HostSignals.verdict(Outcome.TIMEOUT, null, ANSWERED, CONNECTED)).as("a body that stalls").isEqualTo(SUCCESS);
        assertThat(HostSignals.verdict(Outcome.CONNECTION_CLOSED, null, ANSWERED, CONNECTED)).as("closed mid-body")
                .isEqualTo(SUCCESS);
    }

    @Test
    void theRestSaysNothingAboutTheHost() {
        assertThat(HostSignals.verdict(Outcome.DNS_FAILURE, null, !ANSWERED, !CONNECTED)).isEqualTo(NEUTRAL);
        assertThat(HostSignals.verdict(Outcome.BLOCKED, null, !ANSWERED, !CONNECTED)).isEqualTo(NEUTRAL);
        assertThat(HostSignals.verdict(Outcome.PROXY_ERROR, null, !ANSWERED, !CONNECTED)).isEqualTo(NEUTRAL);
        assertThat(HostSignals.verdict(Outcome.PROTOCOL_ERROR, null, !ANSWERED, CONNECTED)).isEqualTo(NEUTRAL);
        assertThat(HostSignals.verdict(Outcome.TLS_ERROR, new SSLHandshakeException("PKIX path"), !ANSWERED, !CONNECTED))
                .isEqualTo(NEUTRAL);
        assertThat(HostSignals.verdict(Outcome.HOST_UNAVAILABLE, null, null)).isEqualTo(NEUTRAL);
    }
}
