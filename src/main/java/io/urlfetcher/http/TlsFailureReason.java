package io.urlfetcher.http;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Why a {@code tls_error} happened, in words a user acts on, told from the exception types in the cause chain (the
 * JDK's messages are not an interface). Only a TLS alert from the server has no type of its own: its name, a
 * fixed word of the TLS standard, is read from the message.
 */
public final class TlsFailureReason {

    static final String UNTRUSTED = "untrusted issuer: the certificate does not chain to a trusted CA"
            + " (give the CA with --cacert FILE)";
    static final String HOSTNAME = "hostname mismatch: the certificate is not for this host";
    static final String EXPIRED = "expired certificate";
    static final String NOT_YET_VALID = "certificate not yet valid";
    static final String CLIENT_CERTIFICATE = "client certificate refused or missing: the server asks for one"
            + " (give --cert and --key, or a PKCS12 --cert)";
    static final String HANDSHAKE = "handshake failure: no protocol version or cipher in common, or the server broke off";
    static final String NOT_TLS = "the server did not answer in TLS (a plain-HTTP port?)";

    private TlsFailureReason() {
    }

    public static String of(Throwable failure) {
        SSLHandshakeException handshake = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLPeerUnverifiedException) {
                return HOSTNAME;
            }
            if (t instanceof CertificateExpiredException
                    || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException
                    || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return NOT_YET_VALID;
            }
            if (t instanceof RefusedClientCertificateExecHandler.ClientCertificateRefusedException) {
                return CLIENT_CERTIFICATE;
            }
            if (t instanceof ConnectionPhases.NoTlsAnswerException) {
                return NOT_TLS;
            }
            if (t instanceof SSLHandshakeException h && handshake == null) {
                handshake = h;
            }
        }
        if (ClientTls.untrusted(failure)) {
            return UNTRUSTED;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("certificate_required") || message.contains("bad_certificate")) {
            return CLIENT_CERTIFICATE;
        }
        if (message.contains("unrecognized ssl message") || message.contains("plaintext connection")) {
            return NOT_TLS;
        }
        return handshake != null ? HANDSHAKE : "TLS failure";
    }
}
