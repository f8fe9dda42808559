package io.urlfetcher.flow.state;

import io.urlfetcher.flow.list.InputFormat;


import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What identifies a URL list for a resumed run ({@code fetch.state}): its size in bytes, the SHA-256 of its first
 * {@value #HEAD_BYTES} bytes and the input format it is read in (which decides the lines' indexes). Hashing only the
 * head keeps a resumed million-line list from being read twice; the size catches a list that grew or shrank, so an
 * edit past the head that keeps the size exactly is the one change it misses.
 *
 * @param size        bytes of the list file
 * @param headSha256  SHA-256 (hex) of its first {@code headBytes} bytes
 * @param headBytes   how many bytes were hashed: the list's size, up to {@value #HEAD_BYTES}
 * @param inputFormat {@code fetch.input-format} as given (auto, lines or jsonl)
 * @param list        the list's path when the state was begun; shown in messages, not compared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListFingerprint(long size, String headSha256, long headBytes, String inputFormat, String list) {

    /** 4 MiB: about 50,000 URLs, read in a few milliseconds. */
    static final int HEAD_BYTES = 4 << 20;

    public static ListFingerprint of(Path list, InputFormat format) {
        try (InputStream in = Files.newInputStream(list)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long hashed = 0;
            int read;
            while (hashed < HEAD_BYTES
                   && (read = in.read(buffer, 0, (int) Math.min(buffer.length, HEAD_BYTES - hashed))) > 0) {
                sha256.update(buffer, 0, read);
                hashed += read;
            }
            return new ListFingerprint(Files.size(list), HexFormat.of().formatHex(sha256.digest()), hashed,
                    format.name().toLowerCase(java.util.Locale.ROOT), list.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the URL list " + list, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Whether both describe the same list read the same way (the path does not count: a list may move). */
    boolean sameListAs(ListFingerprint other) {
        return size == other.size && headBytes == other.headBytes && Objects.equals(headSha256, other.headSha256)
               && Objects.equals(inputFormat, other.inputFormat);
    }

    /** For a message: {@code urls.txt (48,213 bytes, read as auto)}. */
    public String describe() {
        return (list == null ? "a list" : list) + String.format(java.util.Locale.ROOT, " (%,d bytes, read as %s)", size, inputFormat);
    }
}
