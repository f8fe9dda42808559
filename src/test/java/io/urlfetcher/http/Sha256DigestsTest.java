package io.urlfetcher.http;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native SHA-256 (the JDK's PKCS#11 provider over the system's NSS) against the JDK's own. CI installs libnss3
 * ({@code .ci/run}), so there the NSS path is the one tested; on a machine without NSS's softoken these tests are
 * skipped, and {@link BodyReaderTest} checks the JDK's digests through the reader.
 */
class Sha256DigestsTest {

    @BeforeAll
    static void loadNss() throws InterruptedException {
        assumeTrue(!Sha256Digests.softokenDirectories().isEmpty(), "no NSS softoken on this machine (Debian: libnss3)");
        Sha256Digests.allowNss();
        Sha256Digests.prepare();
        assertThat(Sha256Digests.awaitNss(20_000))
                .as("NSS's softoken (Debian: apt-get install libnss3) should load; digests come from %s",
                        Sha256Digests.providerName())
                .isTrue();
    }

    private static String jdkSha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256", "SUN").digest(bytes));
    }

    private static String digestInReads(byte[] bytes, int readSize) {
        MessageDigest digest = Sha256Digests.newDigest();
        for (int offset = 0; offset < bytes.length; offset += readSize) {
            digest.update(bytes, offset, Math.min(readSize, bytes.length - offset));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void digestsComeFromNssOnceLoaded() {
        assertThat(Sha256Digests.newDigest().getProvider().getName()).startsWith("SunPKCS11");
        assertThat(Sha256Digests.providerName()).startsWith("SunPKCS11");
    }

    @Test
    void theKnownAnswersOfFips180() {
        // FIPS 180-2 appendix B: "abc" and the 56-byte two-block message
        assertThat(digestInReads("abc".getBytes(StandardCharsets.US_ASCII), 64))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(digestInReads("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII), 7))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        assertThat(digestInReads(new byte[0], 1))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void everySizeAndReadPatternHashesAsTheJdkDoes() throws Exception {
        for (int size : new int[] { 1, 55, 56, 63, 64, 65, 1_000, 8_192, 65_536, 65_537, 1_048_576 + 3 }) {
            byte[] body = new byte[size];
            new Random(size).nextBytes(body);
            for (int readSize : new int[] { 1_000, 8_192, 65_536 }) {
                assertThat(digestInReads(body, readSize)).as("%d bytes in reads of %d", size, readSize)
                        .isEqualTo(jdkSha256(body));
            }
        }
    }

    @Test
    void manyThreadsHashAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int task = 0; task < 50; task++) {
                int seed = task;
                checks.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                        byte[] body = new byte[random.nextInt(5_000)];
                        random.nextBytes(body);
                        if (!digestInReads(body, 1_024).equals(jdkSha256(body))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDigestAbandonedHalfWayLeavesTheNextOnesRight() throws Exception {
        byte[] body = new byte[10_000];
        new Random(7).nextBytes(body);
        for (int i = 0; i < 1_000; i++) { // as BodyReader does when a read fails: reset, never finish
            MessageDigest abandoned = Sha256Digests.newDigest();
            abandoned.update(body, 0, 5_000);
            abandoned.reset();
        }
        assertThat(digestInReads(body, 4_096)).isEqualTo(jdkSha256(body));
    }

    @Test
    void aFolderWithoutNssOrWithABrokenOneIsPassedOver(@TempDir Path folder) throws Exception {
        assertThat(Sha256Digests.nssIn(folder.toString())).isEmpty();

        Files.writeString(folder.resolve("libsoftokn3.so"), "not a shared library");
        assertThat(Sha256Digests.nssIn(folder.toString())).isEmpty();
    }
}
