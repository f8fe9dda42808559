package io.urlfetcher.flow.list;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A list is a file, a stream or text: each says what the parser reads, whether it is a file, and how to read it again. */
class UrlListSourceTest {

    @TempDir
    Path folder;

    @Test
    void aFileIsReadAsAFileAndAgainFromItsStart() throws IOException {
        Path list = Files.writeString(folder.resolve("urls.jsonl"), "{\"url\":\"http://a.example/\"}\n");
        UrlListSource source = UrlListSource.file(list);

        assertThat(source.body()).isEqualTo(list.toFile());
        assertThat(UrlListParser.inputFormat("auto", source.body())).isEqualTo(InputFormat.JSONL);
        assertThat(source.file()).contains(list);
        assertThat(read(source)).isEqualTo(read(source)).isEqualTo("{\"url\":\"http://a.example/\"}\n");
    }

    @Test
    void textIsItsOwnBodyAndNoFile() throws IOException {
        UrlListSource source = UrlListSource.text("http://a.example/\n");

        assertThat(source.body()).isEqualTo("http://a.example/\n");
        assertThat(source.file()).isEmpty();
        assertThat(read(source)).isEqualTo("http://a.example/\n");
    }

    @Test
    void standardInputIsReadOnceUnlessItIsCopiedToAFile() throws IOException {
        InputStream in = new ByteArrayInputStream("http://a.example/\n".getBytes(StandardCharsets.UTF_8));
        UrlListSource streamed = UrlListFile.standardInput(in, false);

        assertThat(streamed.body()).isSameAs(in);
        assertThat(streamed.file()).isEmpty();
        assertThatThrownBy(streamed::reopen).isInstanceOf(IllegalStateException.class);

        UrlListSource copied = UrlListFile.standardInput(
                new ByteArrayInputStream("http://b.example/\n".getBytes(StandardCharsets.UTF_8)), true);
        assertThat(copied.body()).isInstanceOf(File.class);
        assertThat(read(copied)).isEqualTo("http://b.example/\n");
        Files.delete(copied.file().orElseThrow());
    }

    private static String read(UrlListSource source) throws IOException {
        try (Reader reader = source.reopen()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[256];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }
}
