package io.urlfetcher.flow.history;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 whose pages change when a test says so, scripted by path; each page is
 * {@code /KIND/NAME} and its body names its version:
 * <ul>
 * <li>{@code /etag/NAME}: a strong ETag and a Last-Modified, and a 304 to a matching If-None-Match</li>
 * <li>{@code /weak/NAME}: a weak ETag ({@code W/"..."}) and the same</li>
 * <li>{@code /lm/NAME}: only a Last-Modified, and a 304 to an If-Modified-Since not before it</li>
 * <li>{@code /plain/NAME}: no validator at all: a conditional request gets the whole page</li>
 * </ul>
 * A page marked {@link #fail failing} answers 500; with {@link #delay} every answer waits that long first. The server counts the conditional requests it got and the 304s
 * it sent, and keeps every If-None-Match value.
 */
public final class HistoryServer implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Instant FIRST_VERSION = Instant.parse("2026-01-01T00:00:00Z");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "history-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger conditional = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    private HistoryServer(HttpServer server) {
        this.server = server;
    }

    public static HistoryServer start() throws IOException {
        HistoryServer pages = new HistoryServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200));
        pages.server.createContext("/", pages::handle);
        pages.server.setExecutor(pages.executor);
        pages.server.start();
        return pages;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The page's next version: another body, ETag and Last-Modified. */
    public void change(String name) {
        versions.computeIfAbsent(name, n -> new AtomicInteger(1)).incrementAndGet();
    }

    /** Each answer waits this long before it is sent, so a run is still going when a test kills it. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    public void fail(String name, boolean fails) {
        if (fails) {
            failing.add(name);
        } else {
            failing.remove(name);
        }
    }

    public int requests() {
        return requests.get();
    }

    /** Requests that carried If-None-Match or If-Modified-Since. */
    public int conditionalRequests() {
        return conditional.get();
    }

    public int notModifiedSent() {
        return notModified.get();
    }

    public List<String> ifNoneMatchReceived() {
        return List.copyOf(ifNoneMatch);
    }

    public void resetCounts() {
        requests.set(0);
        conditional.set(0);
        notModified.set(0);
        ifNoneMatch.clear();
    }

    /** The body a page has at its current version. */
    public String body(String name) {
        return "page " + name + " version " + version(name) + "\n";
    }

    private int version(String name) {
        return versions.computeIfAbsent(name, n -> new AtomicInteger(1)).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String kind = parts.length > 1 ? parts[1] : "";
            String name = parts.length > 2 ? parts[2] : "";
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            if (inm != null || ims != null) {
                conditional.incrementAndGet();
            }
            if (inm != null) {
                ifNoneMatch.add(inm);
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // the server is slow, not the test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (failing.contains(name)) {
                send(exchange, 500, "failing\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            int version = version(name);
            String etag = switch (kind) {
                case "etag" -> "\"" + name + "-v" + version + "\"";
                case "weak" -> "W/\"" + name + "-v" + version + "\"";
                default -> null;
            };
            Instant modified = FIRST_VERSION.plusSeconds(3600L * version);
            boolean lastModified = kind.equals("etag") || kind.equals("weak") || kind.equals("lm");
            if (etag != null) {
                exchange.getResponseHeaders().set("ETag", etag);
            }
            if (lastModified) {
                exchange.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(modified));
            }
            // RFC 9110 §13.1.3: If-Modified-Since counts only without If-None-Match.
            boolean unchanged = etag != null && inm != null ? inm.equals(etag)
                    : lastModified && inm == null && ims != null && !modified.isAfter(Instant.from(HTTP_DATE.parse(ims)));
            if (unchanged) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            send(exchange, 200, body(name).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
