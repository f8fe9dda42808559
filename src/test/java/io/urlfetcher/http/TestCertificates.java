package io.urlfetcher.http;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/** Throw-away certificates made at run time (no private key is ever checked in): a CA and what it signs. */
final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key and its certificate chain (leaf first). */
    record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {

        X509Certificate[] chain() {
            return issuer == null ? new X509Certificate[] { certificate } : new X509Certificate[] { certificate, issuer };
        }

        /** A server-side (or client-side) context that presents this certificate and trusts {@code trusted}. */
        SSLContext sslContext(X509Certificate... trusted) throws GeneralSecurityException, IOException {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", this.keys.getPrivate(), new char[0], chain());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                trust.setCertificateEntry("ca" + i, trusted[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        }

        /** The chain as PEM, leaf first. */
        Path writeCertificatePem(Path file) throws IOException, GeneralSecurityException {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate c : chain()) {
                pem.append(pem("CERTIFICATE", c.getEncoded()));
            }
            return Files.writeString(file, pem);
        }

        /** The private key as unencrypted PKCS#8 PEM. */
        Path writeKeyPem(Path file) throws IOException {
            return Files.writeString(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        }

        /** Key and chain as a PKCS12 file locked with {@code password}. */
        Path writePkcs12(Path file, String password) throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", keys.getPrivate(), password.toCharArray(), chain());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        }
    }

    private TestCertificates() {
    }

    static Issued ca(String name) throws Exception {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(builder, keys.getPrivate()), null);
    }

    /** A leaf for {@code localhost} and 127.0.0.1 (DNS and IP SANs), valid now. */
    static Issued localhost(Issued ca) throws Exception {
        return leaf(ca, "localhost", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    }

    /** For localhost and 127.0.0.1 but expired yesterday. */
    static Issued expiredLocalhost(Issued ca) throws Exception {
        return leaf(ca, "localhost", Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)),
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    }

    /** Valid, trusted, but for another host. */
    static Issued otherHost(Issued ca) throws Exception {
        return leaf(ca, "other.example", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                new GeneralName(GeneralName.dNSName, "other.example"));
    }

    /** A client certificate (no SAN needed). */
    static Issued client(Issued ca, String name) throws Exception {
        return leaf(ca, name, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    static Path writeCaPem(Issued ca, Path file) throws Exception {
        return Files.writeString(file, pem("CERTIFICATE", ca.certificate().getEncoded()));
    }

    private static Issued leaf(Issued ca, String cn, Instant from, Instant to, GeneralName... names) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(from),
                Date.from(to), new X500Name("CN=" + cn), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (names.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new Issued(keys, sign(builder, ca.keys().getPrivate()), ca.certificate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

}
