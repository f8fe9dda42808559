package io.urlfetcher.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where each body's SHA-256 digest comes from.
 * <p>
 * The JDK's own SHA-256 uses the CPU's SHA instructions only once C2 has compiled it, and {@code bin/url-fetcher} runs
 * C1 only (docs/BENCHMARK.md, "Which JIT"): there it hashes at 140 MB/s. The JDK's PKCS#11 provider over the system's
 * NSS softoken (Debian's libnss3) hashes in native code: 1.4 GB/s under C1 on the bench machine, and a 1 KB body in
 * 4 µs against 10 µs. Loading NSS takes about 90 ms, so {@link #prepare()} loads it on a thread of its own while
 * Camel starts; until it is ready, and wherever it cannot be loaded or gives a wrong digest in its self-test, digests
 * come from the JDK's own provider. Either way the digest is the same.
 * <p>
 * Loading NSS is a choice for the whole JVM: the JDK initialises NSS once per process, and an application that later
 * configures its own SunPKCS11 over NSS (a key store, FIPS) would find it taken. So only the process's owner turns it
 * on ({@link #allowNss()}: url-fetcher's command line does); an application embedding the flow keeps the JDK's
 * SHA-256 unless it calls that itself.
 */
public final class Sha256Digests {

    private static final Logger LOG = LoggerFactory.getLogger(Sha256Digests.class);
    private static final String ALGORITHM = "SHA-256";
    /** Where distributions put NSS's softoken: Debian and Ubuntu (multiarch), then Fedora and others. */
    private static final List<String> NSS_DIRECTORIES = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/lib");
    private static final String SOFTOKEN = "libsoftokn3.so";
    /** Cloned for each digest when NSS is not there: cheaper than looking the algorithm up among the providers. */
    private static final MessageDigest JDK_PROTOTYPE = jdkDigest();

    private static volatile boolean nssAllowed;
    private static final AtomicBoolean LOADING = new AtomicBoolean();
    /** An unused digest of NSS, once loaded and self-tested; null until then. */
    private static volatile MessageDigest nss;

    private Sha256Digests() {
    }

    /** Lets {@link #prepare()} load NSS in this JVM: for the owner of the process, before the flow starts. */
    public static void allowNss() {
        nssAllowed = true;
    }

    /**
     * Starts loading NSS in the background, once per process, if {@link #allowNss() allowed}; digests made meanwhile
     * come from the JDK.
     */
    public static void prepare() {
        if (nssAllowed && LOADING.compareAndSet(false, true)) {
            Thread loader = new Thread(Sha256Digests::loadNss, "url-fetcher-sha256-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /**
     * A new SHA-256 digest: NSS's once loaded, else the JDK's. Each is a clone of an unused one: half the cost of
     * looking the algorithm up in the provider again (an unused NSS digest holds no native session yet).
     */
    public static MessageDigest newDigest() {
        MessageDigest prototype = nss;
        if (prototype != null) {
            try {
                return (MessageDigest) prototype.clone();
            } catch (CloneNotSupportedException | RuntimeException e) {
                LOG.debug("NSS's SHA-256 digest could not be copied ({}); using the JDK's", e.toString());
            }
        }
        try {
            return (MessageDigest) JDK_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return jdkDigest(); // a JDK whose digest cannot be cloned
        }
    }

    /** The provider digests come from now: for the tests and the log. */
    public static String providerName() {
        MessageDigest prototype = nss;
        return (prototype != null ? prototype : JDK_PROTOTYPE).getProvider().getName();
    }

    /** Waits up to {@code millis} for the background load: for tests, which must know which provider they test. */
    static boolean awaitNss(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (nss == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return nss != null;
    }

    /** The folders of this system that hold NSS's softoken, in the order they are tried. */
    static List<String> softokenDirectories() {
        return NSS_DIRECTORIES.stream().filter(directory -> Files.isRegularFile(Path.of(directory, SOFTOKEN))).toList();
    }

    private static void loadNss() {
        for (String directory : softokenDirectories()) {
            Optional<MessageDigest> loaded = nssIn(directory);
            if (loaded.isPresent()) {
                nss = loaded.get();
                LOG.debug("SHA-256 digests now come from NSS in {}", directory);
                return;
            }
        }
        LOG.debug("no usable NSS softoken found in {}; SHA-256 digests come from the JDK", NSS_DIRECTORIES);
    }

    /**
     * An unused SHA-256 digest of the JDK's PKCS#11 provider over the NSS in {@code directory}, if it loads and hashes
     * exactly as the JDK does. The provider is not added to the JVM's list: only our digests use it.
     */
    static Optional<MessageDigest> nssIn(String directory) {
        try {
            Provider pkcs11 = Security.getProvider("SunPKCS11");
            if (pkcs11 == null) {
                return Optional.empty(); // a runtime image without jdk.crypto.cryptoki
            }
            Provider provider = pkcs11.configure("--name=url-fetcher-NSS\nnssLibraryDirectory=" + directory
                                                 + "\nnssDbMode=noDb\n");
            return hashesLikeTheJdk(provider) ? Optional.of(MessageDigest.getInstance(ALGORITHM, provider)) : Optional.empty();
        } catch (NoSuchAlgorithmException | RuntimeException | LinkageError e) {
            LOG.debug("NSS in {} did not load: {}", directory, e.toString());
            return Optional.empty();
        }
    }

    /** A self-test on bodies of 0, 3 and 100,000 bytes, the last in reads of 64 KB as {@link BodyReader} makes. */
    private static boolean hashesLikeTheJdk(Provider provider) {
        byte[] large = new byte[100_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + (i >>> 8));
        }
        for (byte[] sample : List.of(new byte[0], "abc".getBytes(StandardCharsets.US_ASCII), large)) {
            try {
                MessageDigest candidate = MessageDigest.getInstance(ALGORITHM, provider);
                for (int offset = 0; offset < sample.length; offset += 65_536) {
                    candidate.update(sample, offset, Math.min(65_536, sample.length - offset));
                }
                if (!Arrays.equals(candidate.digest(), jdkDigest().digest(sample))) {
                    LOG.debug("{} gave a different SHA-256 than the JDK: not used", provider.getName());
                    return false;
                }
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                LOG.debug("{} failed its SHA-256 self-test: {}", provider.getName(), e.toString());
                return false;
            }
        }
        return true;
    }

    private static MessageDigest jdkDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHM, "SUN");
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            try {
                return MessageDigest.getInstance(ALGORITHM);
            } catch (NoSuchAlgorithmException none) {
                throw new IllegalStateException("the JDK has no SHA-256", none);
            }
        }
    }
}
