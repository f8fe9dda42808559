package io.urlfetcher.http;

import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;

import static org.assertj.core.api.Assertions.assertThat;

/** The reason of a tls_error from the cause chain, shaped as the JDK 17 and HttpClient 5.5 throw them (see HttpsFetchTest). */
class TlsFailureReasonTest {

    private static <T extends Throwable> T causedBy(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    @Test
    void aChainNoTrustedCaIssuedIsAnUntrustedIssuer() {
        // JDK: SSLHandshakeException <- ValidatorException (a CertificateException) <- SunCertPathBuilderException
        Throwable failure = causedBy(new SSLHandshakeException("PKIX path building failed"),
                new CertificateException("PKIX path building failed", new CertPathBuilderException("no path")));

        assertThat(TlsFailureReason.of(failure)).isEqualTo(TlsFailureReason.UNTRUSTED);
    }

    @Test
    void anExpiredCertificateIsToldByTheValidatorsReasonOrTheExpiryException() {
        Throwable byReason = causedBy(new SSLHandshakeException("PKIX path validation failed"), new CertificateException(
                new CertPathValidatorException("validity check failed", null, null, -1,
                        CertPathValidatorException.BasicReason.EXPIRED)));
        Throwable byType = causedBy(new SSLHandshakeException("x"), new CertificateExpiredException("NotAfter: ..."));

        assertThat(TlsFailureReason.of(byReason)).isEqualTo(TlsFailureReason.EXPIRED);
        assertThat(TlsFailureReason.of(byType)).isEqualTo(TlsFailureReason.EXPIRED);
    }

    @Test
    void httpClientsPeerUnverifiedIsAHostnameMismatch() {
        assertThat(TlsFailureReason.of(new SSLPeerUnverifiedException("Certificate for <localhost> doesn't match")))
                .isEqualTo(TlsFailureReason.HOSTNAME);
    }

    @Test
    void alertsFromTheServerNameTheirCause() {
        assertThat(TlsFailureReason.of(new SSLHandshakeException("Received fatal alert: handshake_failure")))
                .isEqualTo(TlsFailureReason.HANDSHAKE);
        assertThat(TlsFailureReason.of(new SSLHandshakeException("Received fatal alert: protocol_version")))
                .isEqualTo(TlsFailureReason.HANDSHAKE);
        assertThat(TlsFailureReason.of(new SSLHandshakeException("Received fatal alert: certificate_required")))
                .isEqualTo(TlsFailureReason.CLIENT_CERTIFICATE);
        assertThat(TlsFailureReason.of(new RefusedClientCertificateExecHandler.ClientCertificateRefusedException(
                new java.io.IOException("closed")))).isEqualTo(TlsFailureReason.CLIENT_CERTIFICATE);
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsNamedSo() {
        assertThat(TlsFailureReason.of(new ConnectionPhases.NoTlsAnswerException(Timeout.ofSeconds(3),
                new SocketTimeoutException("Read timed out")))).isEqualTo(TlsFailureReason.NOT_TLS);
        assertThat(TlsFailureReason.of(new SSLException("Unsupported or unrecognized SSL message")))
                .isEqualTo(TlsFailureReason.NOT_TLS);
    }
}
