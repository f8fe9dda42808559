package io.urlfetcher.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on 127.0.0.1 and a free port, scripted by path, for the offline demo and the
 * tests. It counts requests and the peak number in flight, which is how tests prove concurrency
 * without timing anything.
 * <ul>
 * <li>{@code /delay/{ms}}: 200 after {@code ms} milliseconds</li>
 * <li>{@code /status/{code}}: that status, with a short body</li>
 * <li>{@code /bytes/{n}}: 200 with {@code n} bytes of body</li>
 * <li>{@code /drip/{ms}}: announces 1000 bytes, then sends one every {@code ms} milliseconds</li>
 * <li>{@code /redirect/{n}}: a chain of {@code n} redirects ending at {@code /bytes/10}</li>
 * <li>{@code /echo/{status}}: that status (200 to 599) with the request as JSON: method, headers, body</li>
 * </ul>
 */
public final class LocalTargetServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY each keep-alive response waits ~40 ms for a delayed ACK, and timings lie.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What the server received, for tests to check. */
    public record ReceivedRequest(String method, String path, String query, long bodyBytes, String userAgent) {
    }

    private static final long MAX_DRIP_MILLIS = 60_000;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-target-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final Queue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
    private final Queue<java.util.Map<String, Object>> echoed = new ConcurrentLinkedQueue<>();

    private LocalTargetServer(HttpServer server) {
        this.server = server;
    }

    public static LocalTargetServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        LocalTargetServer target = new LocalTargetServer(server);
        server.createContext("/", target::handle);
        server.setExecutor(target.executor);
        server.start();
        return target;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requestCount() {
        return received.size();
    }

    public int peakInFlight() {
        return peakInFlight.get();
    }

    public List<ReceivedRequest> received() {
        return new ArrayList<>(received);
    }

    /** What {@code /echo} answered, in arrival order: method, headers (lower-case names) and body of each request. */
    public List<java.util.Map<String, Object>> echoed() {
        return new ArrayList<>(echoed);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        // Leaves the count before the response goes out: once a client has its answer it may send the
        // next request, and that one must not overlap this one in the count.
        Runnable leave = new Runnable() {
            private boolean left;

            @Override
            public void run() {
                if (!left) {
                    left = true;
                    inFlight.decrementAndGet();
                }
            }
        };
        try (exchange) {
            URI uri = exchange.getRequestURI();
            byte[] body = exchange.getRequestBody().readAllBytes();
            long bodyBytes = body.length;
            received.add(new ReceivedRequest(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), bodyBytes,
                    exchange.getRequestHeaders().getFirst("User-Agent")));
            respond(exchange, uri.getPath().split("/"), body, leave);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leave.run();
        }
    }

    /**
     * @param body the request's body, handed down as an argument: the JDK server keeps an exchange's attributes in its
     *             context, shared by every request in flight, so an attribute would carry another request's body
     */
    private void respond(HttpExchange exchange, String[] path, byte[] body, Runnable leave) throws IOException, InterruptedException {
        String action = path.length > 1 ? path[1] : "";
        long argument = path.length > 2 ? parse(path[2]) : -1;
        if (argument < 0) {
            send(exchange, 404, "text/plain", "unknown path; try /delay/250, /status/503 or /bytes/1024\n");
            return;
        }
        switch (action) {
            case "delay" -> {
                Thread.sleep(argument);
                leave.run();
                send(exchange, 200, "text/plain", "delayed " + argument + " ms\n");
            }
            case "status" -> send(exchange, (int) Math.min(Math.max(argument, 200), 599), "text/plain",
                    "status " + argument + "\n");
            case "bytes" -> sendBytes(exchange, argument);
            case "drip" -> drip(exchange, Math.max(1, argument));
            case "echo" -> echo(exchange, (int) Math.min(Math.max(argument, 200), 599), body);
            case "redirect" -> {
                String next = argument <= 1 ? "/bytes/10" : "/redirect/" + (argument - 1);
                exchange.getResponseHeaders().set("Location", next);
                exchange.sendResponseHeaders(302, -1);
            }
            case "redirect-echo" -> redirectToEcho(exchange, argument == 1);
            default -> send(exchange, 404, "text/plain", "unknown path\n");
        }
    }

    /** {@code /redirect-echo/0}: a redirect to {@code /echo/200}; {@code /redirect-echo/1}: the same under this server's other name (127.0.0.1 / localhost). */
    private void redirectToEcho(HttpExchange exchange, boolean otherHost) throws IOException {
        String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host"));
        String other = host.startsWith("localhost") ? "127.0.0.1" : "localhost";
        exchange.getResponseHeaders().set("Location", otherHost ? "http://" + other + ":" + port() + "/echo/200" : "/echo/200");
        exchange.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The request as JSON: method, headers (lower-case names, first value) and body as text; no body for HEAD. */
    private void echo(HttpExchange exchange, int status, byte[] body) throws IOException {
        java.util.Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        java.util.Map<String, Object> echo = new java.util.LinkedHashMap<>();
        echo.put("method", exchange.getRequestMethod());
        echo.put("headers", headers);
        echo.put("body", new String(body, StandardCharsets.UTF_8));
        echoed.add(echo);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        send(exchange, status, "application/json", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(echo));
    }

    private static void sendBytes(HttpExchange exchange, long count) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, count == 0 ? -1 : count);
        byte[] chunk = new byte[8192];
        OutputStream out = exchange.getResponseBody();
        for (long left = count; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }

    private static void drip(HttpExchange exchange, long everyMillis) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 1000);
        OutputStream out = exchange.getResponseBody();
        long stopAt = System.currentTimeMillis() + MAX_DRIP_MILLIS;
        for (int i = 0; i < 1000 && System.currentTimeMillis() < stopAt; i++) {
            out.write('.');
            out.flush();
            Thread.sleep(everyMillis);
        }
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
