package io.urlfetcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a URL list file as UTF-8. Bytes that are not UTF-8 become U+FFFD, so the parser reports
 * the line they are on instead of the whole file failing.
 */
public final class UrlListFile {

    private UrlListFile() {
    }

    public static String read(String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException(
                    "no URL list given: pass --urls FILE (one URL per line), set fetch.urls, or try --demo");
        }
        Path path = Path.of(name);
        try {
            if (Files.isDirectory(path)) {
                throw new ConfigurationException("cannot read URL list '" + name + "': it is a folder; give a file");
            }
            byte[] bytes = Files.readAllBytes(path);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("cannot read URL list '" + name + "': no such file; check the path given to --urls");
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("cannot read URL list '" + name + "': permission denied");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read URL list '" + name + "': " + e.getMessage(), e);
        }
    }
}
