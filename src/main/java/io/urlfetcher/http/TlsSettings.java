package io.urlfetcher.http;

import io.urlfetcher.core.SecretRedactor;

/**
 * How HTTPS servers are trusted and which client certificate is shown: the {@code fetch.cacert*}, {@code fetch.insecure}
 * and {@code fetch.cert}/{@code fetch.key} settings.
 *
 * @param cacert     a PEM bundle of CA certificates trusted besides the JDK's own, or empty
 * @param cacertOnly trust only the {@code cacert} bundle, not the JDK's CAs
 * @param insecure   check neither the server's certificate nor its host name (a warning says so, the report too)
 * @param cert       client certificate: a PEM chain (with {@code key}) or a PKCS12 file ({@code .p12}/{@code .pfx}), or empty
 * @param key        the PEM chain's unencrypted PKCS#8 private key, or empty
 * @param password   the PKCS12 file's password, from {@code FETCH_CERT_PASSWORD}; never logged
 * @param handshakeTimeout longest wait for the server's side of the TLS handshake, then {@code tls_error}
 */
public record TlsSettings(String cacert, boolean cacertOnly, boolean insecure, String cert, String key, String password,
                          java.time.Duration handshakeTimeout) {

    @Override
    public String toString() { // the record's own would print the password
        return "TlsSettings[cacert=" + cacert + ", cacertOnly=" + cacertOnly + ", insecure=" + insecure + ", cert=" + cert
               + ", key=" + key + ", password=" + (password.isEmpty() ? "" : SecretRedactor.MASK) + ", handshakeTimeout="
               + handshakeTimeout + "]";
    }
}
