package io.urlfetcher.http;

import io.urlfetcher.ConfigurationException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the certificate files of {@link TlsSettings} ({@code --cacert}, {@code --cert}, {@code --key}) for
 * {@link ClientTls}, and checks them before Camel starts ({@link #check}): a file that is missing, cannot be read or
 * is not what it should be is a {@link ConfigurationException} of one line that names the option, the file and why.
 */
public final class TlsFiles {

    static final String CACERT = "--cacert (fetch.cacert)";
    static final String CERT = "--cert (fetch.cert)";
    static final String KEY = "--key (fetch.key)";

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private TlsFiles() {
    }

    /**
     * Reads and parses the files these settings name (empty or null: none), as {@link ClientTls} will: a PEM bundle,
     * a PEM chain with its PKCS#8 key, or a PKCS12 file (only read here: its password is checked when it is opened).
     */
    public static void check(String cacert, String cert, String key) {
        if (present(cacert)) {
            certificates(cacert, CACERT);
        }
        if (present(cert) && present(key)) {
            key(key, certificates(cert, CERT).get(0));
        } else if (present(cert)) {
            byte[] pkcs12 = read(cert, CERT);
            if (new String(pkcs12, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
                throw new ConfigurationException(CERT + ": " + cert + " is a PEM file: give its private key with --key,"
                        + " or give a PKCS12 file as --cert");
            }
        } else if (present(key)) {
            read(key, KEY); // without --cert, ClientTls says that --key needs it
        }
    }

    private static boolean present(String file) {
        return file != null && !file.isBlank();
    }

    /** The file's bytes, or why it cannot be read, in words: no such file, a directory, permission denied. */
    static byte[] read(String file, String option) {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new ConfigurationException(option + ": " + file + " is a directory, not a file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(option + ": " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigurationException(option + ": " + file + ": permission denied");
        } catch (IOException e) {
            throw new ConfigurationException(option + ": " + file + ": could not be read: " + e.getMessage(), e);
        }
    }

    /** The PEM certificates of a file: at least one. */
    static List<X509Certificate> certificates(String file, String option) {
        byte[] bytes = read(file, option);
        if (!new String(bytes, StandardCharsets.ISO_8859_1).contains(PEM_CERTIFICATE)) {
            throw new ConfigurationException(option + ": " + file + " is not a PEM certificate file (no "
                    + PEM_CERTIFICATE + " line)");
        }
        try {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (read.isEmpty()) {
                throw new ConfigurationException(option + ": " + file + " holds no PEM certificate");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new ConfigurationException(option + ": " + file + " holds a PEM certificate that cannot be parsed: "
                    + oneLine(e.getMessage()), e);
        }
    }

    /** An unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}) of the certificate's algorithm. */
    static PrivateKey key(String file, X509Certificate certificate) {
        String text = new String(read(file, KEY), StandardCharsets.US_ASCII);
        Matcher pem = PEM_KEY.matcher(text);
        if (!pem.find()) {
            throw new ConfigurationException(KEY + ": " + file + " is not a PEM private key file (no -----BEGIN PRIVATE"
                    + " KEY----- block)");
        }
        if (!pem.group(1).equals("PRIVATE KEY")) {
            throw new ConfigurationException(KEY + ": " + file + " holds a " + pem.group(1) + "; give an"
                    + " unencrypted PKCS#8 key (openssl pkcs8 -topk8 -nocrypt -in KEY) or a PKCS12 file as --cert");
        }
        String algorithm = certificate.getPublicKey().getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(2))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigurationException(KEY + ": " + file + " is not a " + algorithm
                    + " PKCS#8 key matching --cert: " + oneLine(e.getMessage()), e);
        }
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }
}
