package io.urlfetcher.cli.demo;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A fresh {@link LocalTargetServer} for each test, stopped after it; the test talks to it through this field. */
public final class LocalServerExtension implements BeforeEachCallback, AfterEachCallback {

    private LocalTargetServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = LocalTargetServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    public String url(String path) {
        return server.uri(path).toString();
    }

    public java.net.URI uri(String path) {
        return server.uri(path);
    }

    /** Writes {@code count} URLs of {@code path} (each with its own query, {@code ?0}, {@code ?1} ...) into a file of {@code folder}. */
    public java.nio.file.Path urlList(java.nio.file.Path folder, int count, String path) throws IOException {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(uri(path)).append('?').append(i).append('\n');
        }
        return java.nio.file.Files.writeString(folder.resolve("urls-" + count + ".txt"), list);
    }

    public int port() {
        return server.port();
    }

    public int requestCount() {
        return server.requestCount();
    }

    public int peakInFlight() {
        return server.peakInFlight();
    }

    public java.util.List<LocalTargetServer.ReceivedRequest> received() {
        return server.received();
    }

    /** What {@code /echo} answered: each request's method, headers (lower-case names) and body. */
    public java.util.List<java.util.Map<String, Object>> echoed() {
        return server.echoed();
    }

    /** {@code count} lines of the same path, addressed through {@code host}. */
    public String urlList(String host, int count, String path) {
        return IntStream.range(0, count).mapToObj(i -> "http://" + host + ":" + server.port() + path)
                .collect(Collectors.joining("\n"));
    }
}
