package io.urlfetcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-data sharing archive beside the application jar, as {@code bin/url-fetcher} names and uses it: the first
 * run records the classes it loads, later runs map them (a one-URL run 1.3 s -> 0.8 s); a rebuilt jar is newer than
 * the archive, so the archive is made again. One archive per JDK: its name carries the POSIX {@code cksum} of the real
 * path of the JDK's {@code java} followed by a newline, what the script computes with {@code readlink -f | cksum}.
 */
final class CdsArchive {

    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private CdsArchive() {
    }

    /** The options that map the archive beside {@code jar}, or record it at exit; none when neither can be done. */
    static List<String> options(Path jar, Path java) {
        Path archive;
        try {
            archive = archive(jar, java.toRealPath());
        } catch (IOException e) {
            return List.of();
        }
        try {
            if (Files.isRegularFile(archive)
                && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                return concat("-XX:SharedArchiveFile=".concat(archive.toString()), "-Xshare:auto");
            }
        } catch (IOException e) {
            // unreadable times: record it again if we may
        }
        Path folder = archive.getParent();
        return folder != null && Files.isWritable(folder) ? concat("-XX:ArchiveClassesAtExit=".concat(archive.toString())) : List.of();
    }

    /** {@code url-fetcher-<cksum of the real java path>.jsa} beside {@code url-fetcher.jar}. */
    static Path archive(Path jar, Path realJava) {
        String name = jar.getFileName().toString();
        String stem = name.endsWith(".jar") ? name.substring(0, name.length() - ".jar".length()) : name;
        long id = cksum(realJava.toString().concat("\n").getBytes(StandardCharsets.UTF_8));
        // String.concat, not +: this runs in the relaunching JVM's start (see Relaunch)
        return jar.resolveSibling(stem.concat("-").concat(Long.toString(id)).concat(".jsa"));
    }

    /** The POSIX {@code cksum} of {@code data}: CRC-32 (polynomial 0x04C11DB7, most significant bit first) of the data
     * followed by its length, least significant byte first, complemented. */
    static long cksum(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc = update(crc, b);
        }
        for (long length = data.length; length != 0; length >>>= 8) {
            crc = update(crc, (byte) length);
        }
        return ~crc & 0xFFFF_FFFFL;
    }

    private static int update(int crc, byte b) {
        crc ^= (b & 0xFF) << 24;
        for (int bit = 0; bit < 8; bit++) {
            crc = crc < 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1;
        }
        return crc;
    }

    private static List<String> concat(String... first) {
        List<String> options = new ArrayList<>(List.of(first)); // no stream: this runs in the relaunching JVM's start
        options.addAll(QUIET);
        return options;
    }
}
