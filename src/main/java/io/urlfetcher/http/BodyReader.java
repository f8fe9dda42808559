package io.urlfetcher.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads a response body once, to its end, and on the way counts it, hashes it (SHA-256, {@link Sha256Digests}),
 * copies it to a file if one is given, and keeps its first bytes for an inline body if asked: one buffer per body (a second, larger one
 * for a large body), never the whole body in memory. Closing the body after the last byte hands the connection back
 * to the pool.
 */
public final class BodyReader {

    /**
     * The buffer a body is read with first: enough for most pages, small enough to allocate per body. A body that says
     * it is smaller (Content-Length) gets a buffer of its size: a buffer per body is most of what a run of small pages
     * allocates.
     */
    private static final int FIRST_BUFFER_BYTES = 8 * 1024;
    /**
     * A body larger than the first buffer is read on with this one: HttpClient hands a read this large straight to
     * the socket, so a 1 MB body takes 16 reads instead of 128.
     */
    private static final int LARGE_BUFFER_BYTES = 64 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * What was read.
     *
     * @param bytes  body bytes read
     * @param sha256 SHA-256 of them, hex; null when not hashed
     * @param head   the body when it fitted the inline limit, else null (also null when no inline body was asked for)
     */
    public record Read(long bytes, String sha256, byte[] head) {
    }

    /** A failure writing the copy, kept apart from failures reading the response. */
    public static final class CopyFailedException extends IOException {
        public CopyFailedException(IOException cause) {
            super("could not write the body: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }

        /** @param message names the file and the reason */
        public CopyFailedException(String message, IOException cause) {
            super(message, cause);
        }
    }

    private BodyReader() {
    }

    /**
     * @param body          the response body, or null for none
     * @param expectedBytes its length as its Content-Length says, or -1 when unknown: only sizes the first buffer,
     *                      the body is read to its end whatever its length
     * @param copy          where to copy it, or null
     * @param inlineLimit   keep the body if it is at most this many bytes; 0 keeps nothing
     * @param hash          compute the body's SHA-256
     */
    public static Read read(InputStream body, long expectedBytes, OutputStream copy, long inlineLimit, boolean hash)
            throws IOException {
        MessageDigest sha256 = hash ? Sha256Digests.newDigest() : null;
        if (body == null) {
            return new Read(0, hash ? HEX.formatHex(sha256.digest()) : null, inlineLimit > 0 ? new byte[0] : null);
        }
        ByteArrayOutputStream head = inlineLimit > 0 ? new ByteArrayOutputStream((int) Math.min(inlineLimit, FIRST_BUFFER_BYTES)) : null;
        long total = 0;
        boolean whole = false;
        try (InputStream in = body) {
            // One more byte than announced: never a buffer of 0 bytes, on which read would return 0 for ever.
            byte[] buffer = new byte[expectedBytes >= 0 && expectedBytes < FIRST_BUFFER_BYTES
                    ? (int) expectedBytes + 1 : FIRST_BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (sha256 != null) {
                    sha256.update(buffer, 0, n);
                }
                if (copy != null) {
                    write(copy, buffer, n);
                }
                if (head != null) {
                    if (total + n <= inlineLimit) {
                        head.write(buffer, 0, n);
                    } else {
                        head = null; // too large to inline: stop keeping it, go on counting
                    }
                }
                total += n;
                if (total >= FIRST_BUFFER_BYTES && buffer.length < LARGE_BUFFER_BYTES) {
                    buffer = new byte[LARGE_BUFFER_BYTES]; // a large body: once, not per read
                }
            }
            whole = true;
        } finally {
            if (!whole && sha256 != null) {
                sha256.reset(); // an NSS digest holds a native session until reset
            }
        }
        return new Read(total, sha256 == null ? null : HEX.formatHex(sha256.digest()),
                head == null ? null : head.toByteArray());
    }

    private static void write(OutputStream copy, byte[] buffer, int n) throws CopyFailedException {
        try {
            copy.write(buffer, 0, n);
        } catch (CopyFailedException e) {
            throw e; // the copy's own stream said which file
        } catch (IOException e) {
            throw new CopyFailedException(e);
        }
    }
}
