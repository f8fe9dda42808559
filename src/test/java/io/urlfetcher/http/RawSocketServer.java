package io.urlfetcher.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the raw-socket test servers share: the accept loop on 127.0.0.1, a thread per connection, the requests counted
 * per path, and a {@link #close()} that ends every connection. A subclass answers the connections.
 */
abstract class RawSocketServer implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    RawSocketServer(ServerSocket server, String threadName) {
        this.server = server;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts accepting; called once the subclass is constructed. */
    final <S extends RawSocketServer> S accepting(S self) {
        threads.execute(this::acceptLoop);
        return self;
    }

    /** Answers one accepted connection, numbered from 1 in the order they came. */
    abstract void serve(Socket socket, int connection);

    int port() {
        return server.getLocalPort();
    }

    /** How many requests arrived for a path. */
    int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    void countHit(String path) {
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int connection = connections.incrementAndGet();
                threads.execute(() -> {
                    try {
                        serve(socket, connection);
                    } finally {
                        sockets.remove(socket); // an ended connection is not kept until close
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }
}
