package io.urlfetcher;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A fresh {@link LocalTargetServer} for each test, stopped after it. */
final class LocalServerExtension implements BeforeEachCallback, AfterEachCallback {

    private LocalTargetServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = LocalTargetServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    LocalTargetServer server() {
        return server;
    }

    String url(String path) {
        return server.uri(path).toString();
    }

    /** {@code count} lines of the same path, addressed through {@code host}. */
    String urlList(String host, int count, String path) {
        return IntStream.range(0, count).mapToObj(i -> "http://" + host + ":" + server.port() + path)
                .collect(Collectors.joining("\n"));
    }
}
