package io.urlfetcher.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * An HTTP server on 127.0.0.1 whose bodies a test can recompute, scripted by path:
 * <ul>
 * <li>{@code /fixed/{n}}: {@link #bytes(int)} with Content-Length</li>
 * <li>{@code /chunked/{n}}: the same bytes, chunked</li>
 * <li>{@code /gzip/{n}}: {@link #text(int)} gzip-encoded (Content-Encoding: gzip)</li>
 * <li>{@code /page/{title}}: a small HTML page with that title and a price</li>
 * <li>{@code /json}: a small JSON document; {@code /latin1}: text in ISO-8859-1; {@code /png}: a binary type</li>
 * <li>{@code /cookie}: a page that sets a session cookie and a custom header</li>
 * <li>{@code /status/{code}}: that status with a short text body</li>
 * </ul>
 * Every {@code Cookie} header a request carried is kept ({@link #cookiesReceived}).
 */
public final class BodyServer implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "body-server");
        t.setDaemon(true);
        return t;
    });

    private final List<String> cookiesReceived = new CopyOnWriteArrayList<>();

    private BodyServer(HttpServer server) {
        this.server = server;
    }

    public static BodyServer start() throws IOException {
        BodyServer body = new BodyServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200));
        body.server.createContext("/", body::handle);
        body.server.setExecutor(body.executor);
        body.server.start();
        return body;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The values of the {@code Cookie} headers of every request so far. */
    public List<String> cookiesReceived() {
        return List.copyOf(cookiesReceived);
    }

    /** The bytes of {@code /fixed/n} and {@code /chunked/n}: pseudo-random, the same for the same n. */
    public static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    /** The decoded body of {@code /gzip/n}: n bytes of ASCII text. */
    public static byte[] text(int n) {
        byte[] line = "the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        byte[] text = new byte[n];
        for (int i = 0; i < n; i++) {
            text[i] = line[i % line.length];
        }
        return text;
    }

    public static String page(String title) {
        return "<!doctype html><html><head><title>" + title + "</title></head><body><p class=\"price\">EUR "
               + (title.length() * 3 + 0.99) + "</p></body></html>\n";
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            cookiesReceived.addAll(exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String kind = parts.length > 1 ? parts[1] : "";
            String argument = parts.length > 2 ? parts[2] : "";
            switch (kind) {
                case "fixed" -> send(exchange, 200, "application/octet-stream", bytes(Integer.parseInt(argument)), false);
                case "chunked" -> send(exchange, 200, "application/octet-stream", bytes(Integer.parseInt(argument)), true);
                case "gzip" -> {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    send(exchange, 200, "text/plain", gzip(text(Integer.parseInt(argument))), false);
                }
                case "page" -> send(exchange, 200, "text/html; charset=utf-8", page(argument).getBytes(StandardCharsets.UTF_8), false);
                case "json" -> send(exchange, 200, "application/json", "{\"price\": 12.5, \"currency\": \"€\"}"
                        .getBytes(StandardCharsets.UTF_8), false);
                case "latin1" -> send(exchange, 200, "text/plain; charset=ISO-8859-1", "café".getBytes(StandardCharsets.ISO_8859_1), false);
                case "png" -> send(exchange, 200, "image/png", bytes(64), false);
                case "cookie" -> {
                    exchange.getResponseHeaders().add("Set-Cookie", "sid=s3cr3t-session; Path=/; HttpOnly");
                    exchange.getResponseHeaders().add("Set-Cookie", "theme=dark");
                    exchange.getResponseHeaders().set("X-Price-Version", "7");
                    send(exchange, 200, "text/plain", "cookie set\n".getBytes(StandardCharsets.US_ASCII), false);
                }
                case "status" -> send(exchange, Integer.parseInt(argument), "text/plain",
                        ("status " + argument + "\n").getBytes(StandardCharsets.US_ASCII), false);
                default -> send(exchange, 404, "text/plain", "unknown path\n".getBytes(StandardCharsets.US_ASCII), false);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean chunked) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
        OutputStream out = exchange.getResponseBody();
        for (int at = 0; at < body.length; at += 65536) { // in pieces, so a chunked body has many chunks
            out.write(body, at, Math.min(65536, body.length - at));
            out.flush();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
