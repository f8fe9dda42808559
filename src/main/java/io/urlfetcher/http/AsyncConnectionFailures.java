package io.urlfetcher.http;

import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why the async client ({@code fetch.http2}) dropped a connection. When an HTTP/2 connection fails before a request
 * on it has started its stream (the server's first bytes are not HTTP/2, say), HttpCore fails that request with a bare
 * "Connection is closed" and keeps the real cause to itself; its I/O session listener still hears it. Kept per
 * connection until the request that opened the connection asks ({@link Http2ExecHandler}), so garbage is a
 * protocol error, as on HTTP/1.1, and not a closed connection.
 */
final class AsyncConnectionFailures implements IOSessionListener {

    /** Connections whose failure nobody asked for are few; past this many the oldest knowledge is dropped. */
    private static final int MAX_KEPT = 1_000;

    private final Map<String, IOException> failures = new ConcurrentHashMap<>();

    /** The failure of connection {@code id}, once; null when it had none (or it was asked for already). */
    IOException take(String id) {
        return id == null ? null : failures.remove(id);
    }

    @Override
    public void exception(IOSession session, Exception cause) {
        if (cause instanceof IOException io && !(cause instanceof ClosedChannelException)) {
            if (failures.size() >= MAX_KEPT) {
                failures.clear();
            }
            failures.put(session.getId(), io);
        }
    }

    @Override
    public void connected(IOSession session) {
    }

    @Override
    public void startTls(IOSession session) {
    }

    @Override
    public void inputReady(IOSession session) {
    }

    @Override
    public void outputReady(IOSession session) {
    }

    @Override
    public void timeout(IOSession session) {
    }

    @Override
    public void disconnected(IOSession session) {
    }
}
