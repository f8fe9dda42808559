package io.urlfetcher.http;

import io.urlfetcher.ConfigurationException;

import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS side of the shared HTTP client, from {@link TlsSettings}: whom to trust (the JDK's CAs plus a PEM bundle,
 * the bundle alone, or no one checked at all) and which client certificate to show.
 */
final class ClientTls {

    private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);

    static final String INSECURE_WARNING = "WARNING: --insecure (fetch.insecure): TLS certificates and host names are "
            + "NOT checked; anyone between here and the servers can read and change these responses";

    /**
     * Attribute of a TLS session (and then of the request's context) when the server asked for a client certificate
     * and none was given: see {@link RefusedClientCertificateExecHandler}.
     */
    static final String NO_CLIENT_CERTIFICATE = "url-fetcher.no-client-certificate";

    private ClientTls() {
    }

    /**
     * The strategy HttpClient upgrades sockets with; logs the --insecure warning once when it applies.
     *
     * @param context {@link #sslContext}'s for these settings: read once, shared with the async client's strategy
     */
    static TlsSocketStrategy strategy(TlsSettings tls, SSLContext context) {
        if (tls.insecure()) {
            LOG.warn(INSECURE_WARNING);
        }
        return strategyBuilder(tls, context).buildClassic();
    }

    /** The same for the async client ({@code fetch.http2}), which offers h2 and http/1.1 by ALPN. */
    static TlsStrategy asyncStrategy(TlsSettings tls, SSLContext context) {
        return strategyBuilder(tls, context).buildAsync();
    }

    private static ClientTlsStrategyBuilder strategyBuilder(TlsSettings tls, SSLContext context) {
        return ClientTlsStrategyBuilder.create()
                .setSslContext(context)
                // HttpClient checks the host name itself (not the JDK during the handshake), so a mismatch arrives as
                // its SSLPeerUnverifiedException, a type of its own, rather than a CertificateException like others.
                .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                .setHostnameVerifier(tls.insecure() ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier());
    }

    static SSLContext sslContext(TlsSettings tls) {
        if (tls.cacertOnly() && tls.cacert().isEmpty()) {
            throw new ConfigurationException("--cacert-only (fetch.cacert-only) needs --cacert FILE (fetch.cacert)");
        }
        if (!tls.key().isEmpty() && tls.cert().isEmpty()) {
            throw new ConfigurationException("--key (fetch.key) needs --cert FILE (fetch.cert), the certificate chain");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] { new NotingKeyManager(keyManager(tls)) },
                    new TrustManager[] { trustManager(tls) }, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("could not set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(TlsSettings tls) throws GeneralSecurityException {
        if (tls.insecure()) {
            return new TrustingEveryone();
        }
        X509ExtendedTrustManager jdk = trustManager((KeyStore) null);
        if (tls.cacert().isEmpty()) {
            return jdk;
        }
        KeyStore bundle = KeyStore.getInstance("PKCS12");
        try {
            bundle.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        List<X509Certificate> certificates = TlsFiles.certificates(tls.cacert(), TlsFiles.CACERT);
        for (int i = 0; i < certificates.size(); i++) {
            bundle.setCertificateEntry("cacert-" + i, certificates.get(i));
        }
        X509ExtendedTrustManager own = trustManager(bundle);
        return tls.cacertOnly() ? own : new EitherTrusts(jdk, own);
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    /** The configured client certificate's key manager, or null for none. */
    private static X509ExtendedKeyManager keyManager(TlsSettings tls) throws GeneralSecurityException {
        if (tls.cert().isEmpty()) {
            return null;
        }
        char[] password = tls.password().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        if (tls.key().isEmpty()) {
            String file = tls.cert();
            try (InputStream in = new ByteArrayInputStream(TlsFiles.read(file, TlsFiles.CERT))) {
                store.load(in, password);
            } catch (IOException e) {
                throw new ConfigurationException("could not read the PKCS12 file " + file + " (--cert, fetch.cert): "
                        + e.getMessage() + "; the password comes from the environment variable FETCH_CERT_PASSWORD,"
                        + " and a PEM certificate needs --key", e);
            }
        } else {
            List<X509Certificate> chain = TlsFiles.certificates(tls.cert(), TlsFiles.CERT);
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
            store.setKeyEntry("client", TlsFiles.key(tls.key(), chain.get(0)), password,
                    chain.toArray(X509Certificate[]::new));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 key manager");
    }

    /** Whether a certificate check failed because no trusted CA issued the chain (rather than, say, its expiry). */
    static boolean untrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Trusts a chain the JDK's CAs or the bundle's trust. When both refuse, the more telling failure is kept: the
     * one that knew the issuer (an expired certificate of our own CA) over the one that did not.
     */
    private static final class EitherTrusts extends X509ExtendedTrustManager {

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private final X509ExtendedTrustManager jdk;
        private final X509ExtendedTrustManager bundle;

        EitherTrusts(X509ExtendedTrustManager jdk, X509ExtendedTrustManager bundle) {
            this.jdk = jdk;
            this.bundle = bundle;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(jdk);
            } catch (CertificateException byJdk) {
                try {
                    check.run(bundle);
                } catch (CertificateException byBundle) {
                    CertificateException kept = untrusted(byBundle) ? byJdk : byBundle;
                    kept.addSuppressed(kept == byJdk ? byBundle : byJdk);
                    throw kept;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = jdk.getAcceptedIssuers();
            X509Certificate[] b = bundle.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /** Shows the configured client certificate, if any, and notes on the session when a server asked in vain. */
    private static final class NotingKeyManager extends X509ExtendedKeyManager {

        private final X509ExtendedKeyManager delegate;

        NotingKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            String alias = delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
            if (alias == null && socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
                ssl.getHandshakeSession().putValue(NO_CLIENT_CERTIFICATE, Boolean.TRUE);
            }
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            // The async client's connections (fetch.http2) use an SSLEngine, not an SSLSocket.
            String alias = delegate == null ? null : delegate.chooseEngineClientAlias(keyType, issuers, engine);
            if (alias == null && engine != null && engine.getHandshakeSession() != null) {
                engine.getHandshakeSession().putValue(NO_CLIENT_CERTIFICATE, Boolean.TRUE);
            }
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }
    }

    /** --insecure: every chain passes. */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
