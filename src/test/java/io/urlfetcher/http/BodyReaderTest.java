package io.urlfetcher.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyReaderTest {

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Of(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Returns at most {@code most} bytes a read, as a socket does. */
    private static InputStream shortReads(byte[] bytes, int most) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, most));
            }
        };
    }

    @Test
    void aLargeBodyIsCountedHashedAndCopiedWhole() throws Exception {
        byte[] body = randomBytes(1_048_576 + 12_345);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();

        BodyReader.Read read = BodyReader.read(shortReads(body, 50_000), -1, copy, 0, true);

        assertThat(read.bytes()).isEqualTo(body.length);
        assertThat(read.sha256()).isEqualTo(sha256Of(body));
        assertThat(copy.toByteArray()).isEqualTo(body);
        assertThat(read.head()).isNull();
    }

    @Test
    void aBodyWithinTheInlineLimitIsKeptAndALargerOneIsNot() throws Exception {
        byte[] small = randomBytes(3000);
        byte[] large = randomBytes(20_000);

        assertThat(BodyReader.read(shortReads(small, 700), -1, null, 3000, false).head()).isEqualTo(small);
        BodyReader.Read tooLarge = BodyReader.read(shortReads(large, 700), -1, null, 19_999, false);
        assertThat(tooLarge.head()).isNull();
        assertThat(tooLarge.bytes()).isEqualTo(large.length);
        assertThat(tooLarge.sha256()).isNull();
    }

    @Test
    void anAnnouncedLengthOnlySizesTheFirstBufferTheBodyIsReadToItsEnd() throws Exception {
        byte[] body = randomBytes(200_000);
        // Announced right, too short (a decompressed body keeps the compressed Content-Length), or as zero.
        for (long announced : new long[] { body.length, 1024, 10, 0 }) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            BodyReader.Read read = BodyReader.read(shortReads(body, 50_000), announced, copy, 0, true);

            assertThat(read.bytes()).as("announced %d", announced).isEqualTo(body.length);
            assertThat(read.sha256()).isEqualTo(sha256Of(body));
            assertThat(copy.toByteArray()).isEqualTo(body);
        }
        byte[] small = randomBytes(1024);
        assertThat(BodyReader.read(new ByteArrayInputStream(small), small.length, null, 4096, true).head()).isEqualTo(small);
        BodyReader.Read empty = BodyReader.read(new ByteArrayInputStream(new byte[0]), 0, null, 0, true);
        assertThat(empty.bytes()).isZero(); // a zero-byte buffer would read 0 bytes for ever: this returns
        assertThat(empty.sha256()).isEqualTo(sha256Of(new byte[0]));
    }

    @Test
    void noBodyIsZeroBytesWithTheHashOfNothing() throws Exception {
        BodyReader.Read read = BodyReader.read(null, -1, null, 10, true);

        assertThat(read.bytes()).isZero();
        assertThat(read.sha256()).isEqualTo(sha256Of(new byte[0]));
        assertThat(read.head()).isEmpty();
    }

    @Test
    void eachDigestStartsFresh() throws Exception {
        MessageDigest first = Sha256Digests.newDigest();
        first.update(new byte[] { 1, 2, 3 });

        assertThat(HexFormat.of().formatHex(Sha256Digests.newDigest().digest())).isEqualTo(sha256Of(new byte[0]));
    }

    @Test
    void aFailedCopyIsToldApartFromAFailedRead() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };

        assertThatThrownBy(() -> BodyReader.read(new ByteArrayInputStream(randomBytes(100)), -1, full, 0, true))
                .isInstanceOf(BodyReader.CopyFailedException.class)
                .hasMessageContaining("No space left on device");
    }
}
