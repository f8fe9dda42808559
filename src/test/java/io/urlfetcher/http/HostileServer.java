package io.urlfetcher.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A misbehaving HTTP server on 127.0.0.1, written on raw sockets so it can break the protocol, scripted
 * by path. One request per connection. Every wait is bounded, and {@link #close()} ends every connection.
 */
public final class HostileServer extends RawSocketServer {

    /** No hostile behaviour lasts longer than this, whatever the client does. */
    private static final long MAX_MILLIS = 60_000;

    private final byte[] gzipBomb;

    private HostileServer(ServerSocket server) throws IOException {
        super(server, "hostile-server");
        this.gzipBomb = gzipOfZeros(64 << 20);
    }

    public static HostileServer start() throws IOException {
        HostileServer hostile = new HostileServer(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
        return hostile.accepting(hostile);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    void serve(Socket socket, int connection) {
        try (socket) {
            socket.setSoTimeout((int) MAX_MILLIS);
            String path = readRequestPath(socket.getInputStream());
            if (path == null) {
                return;
            }
            countHit(path);
            respond(path, socket, socket.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client went away or the server closed: both are part of the game
        }
    }

    private void respond(String path, Socket socket, OutputStream out) throws IOException, InterruptedException {
        String[] parts = path.split("/");
        String action = parts.length > 1 ? parts[1] : "";
        switch (action) {
            case "ok" -> send(out, "200 OK", "Content-Type: text/plain\r\n", "fine\n".getBytes(StandardCharsets.US_ASCII));
            case "stall" -> socket.getInputStream().read(); // says nothing until the client gives up
            case "slow-headers" -> {
                write(out, "HTTP/1.1 200 OK\r\nX-Slow: ");
                drip(out, MAX_MILLIS);
            }
            case "drip" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n");
                drip(out, MAX_MILLIS);
            }
            case "close-before-response" -> {
                // nothing at all: the connection just closes
            }
            case "close-mid-body" -> {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n64\r\n");
                write(out, "x".repeat(50));
            }
            case "reset" -> socket.setSoLinger(true, 0); // closing now sends RST instead of FIN
            case "garbage" -> write(out, "SSH-2.0-OpenSSH_9.2\r\n\u0001\u0002\u0003 not http at all\r\n\r\n");
            case "bad-status" -> write(out, "HTTP/1.1 abc Whatever\r\nContent-Length: 0\r\n\r\n");
            case "bad-chunk" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                           + "ZZZ\r\nhello\r\n0\r\n\r\n");
            case "length-mismatch" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
                                                 + "only ten b");
            case "huge-headers" -> write(out, "HTTP/1.1 200 OK\r\nX-Huge: " + "h".repeat(256 * 1024)
                                              + "\r\nContent-Length: 0\r\n\r\n");
            case "many-headers" -> { // /many-headers/{n}: a 200 with exactly n header lines (with Content-Length and Connection)
                StringBuilder headers = new StringBuilder();
                for (int i = 3; i <= Integer.parseInt(parts[2]); i++) {
                    headers.append("X-Line-").append(i).append(": v\r\n");
                }
                send(out, "200 OK", headers.toString(), "fine\n".getBytes(StandardCharsets.US_ASCII));
            }
            case "two-gib" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                           + (2L << 30) + "\r\nConnection: close\r\n\r\n");
                byte[] chunk = new byte[64 * 1024];
                for (long sent = 0; sent < (2L << 30); sent += chunk.length) {
                    out.write(chunk);
                }
            }
            case "gzip-bomb" -> send(out, "200 OK", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", gzipBomb);
            case "redirect-loop" -> redirect(out, "/redirect-loop");
            case "redirect-chain" -> {
                int left = Integer.parseInt(parts[2]);
                redirect(out, left <= 1 ? "/ok" : "/redirect-chain/" + (left - 1));
            }
            case "redirect-to-port" -> redirect(out, "http://127.0.0.1:" + parts[2] + "/bytes/10");
            case "retry-after" -> { // /retry-after/{times}/{key}: 429 with Retry-After: 1 that many times, then 200
                int times = Integer.parseInt(parts[2]);
                if (hits(path) <= times) {
                    send(out, "429 Too Many Requests", "Retry-After: 1\r\n", new byte[0]);
                } else {
                    send(out, "200 OK", "Content-Type: text/plain\r\n", "finally\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            case "every-other" -> { // /every-other/{key}: 503, 200, 503, 200 ...
                if (hits(path) % 2 == 1) {
                    send(out, "503 Service Unavailable", "", new byte[0]);
                } else {
                    send(out, "200 OK", "Content-Type: text/plain\r\n", "lucky\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            default -> send(out, "404 Not Found", "", new byte[0]);
        }
        out.flush();
    }

    private static void send(OutputStream out, String status, String headers, byte[] body) throws IOException {
        write(out, "HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
        out.write(body);
    }

    private static void redirect(OutputStream out, String location) throws IOException {
        write(out, "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void drip(OutputStream out, long forMillis) throws IOException, InterruptedException {
        long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(forMillis);
        while (System.nanoTime() < stopAt) {
            out.write('.');
            out.flush();
            Thread.sleep(100);
        }
    }

    /** Reads up to the blank line after the headers; returns the path, or null when the client sent nothing. */
    private static String readRequestPath(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 64 * 1024) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String requestLine = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
        String[] words = requestLine.split(" ");
        return words.length >= 2 ? words[1] : null;
    }

    private static byte[] gzipOfZeros(int size) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return compressed.toByteArray();
    }

}
