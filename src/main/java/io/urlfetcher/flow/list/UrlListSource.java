package io.urlfetcher.flow.list;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The URL list of one batch: a file, standard input as it streams in, or text (the demo's list). */
public sealed interface UrlListSource {

    static UrlListSource file(Path path) {
        return new FileList(path);
    }

    static UrlListSource stream(InputStream in) {
        return new Stream(in);
    }

    static UrlListSource text(String text) {
        return new Text(text);
    }

    /** What the fetch flow's parser reads ({@link UrlListParser#lines(org.apache.camel.Exchange)}). */
    Object body();

    /** The file, when the list is one: it can be counted, read again and fingerprinted (--state). */
    default Optional<Path> file() {
        return Optional.empty();
    }

    /** The list again from its first line, as UTF-8 (bytes that are not UTF-8 become U+FFFD, as the first reading did). */
    Reader reopen() throws IOException;

    /** A list file: the parser gets a {@link File}, whose name says JSON Lines ({@code .jsonl}) to the auto format. */
    record FileList(Path path) implements UrlListSource {

        @Override
        public Object body() {
            return path.toFile();
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(path);
        }

        @Override
        public Reader reopen() throws IOException {
            return new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8);
        }
    }

    /** Standard input, read line by line as the fetches go: once only. */
    record Stream(InputStream in) implements UrlListSource {

        @Override
        public Object body() {
            return in;
        }

        @Override
        public Reader reopen() {
            throw new IllegalStateException("standard input can be read once; a run that reads the list twice copies it"
                    + " to a file first");
        }
    }

    record Text(String text) implements UrlListSource {

        @Override
        public Object body() {
            return text;
        }

        @Override
        public Reader reopen() {
            return new StringReader(text);
        }
    }
}
