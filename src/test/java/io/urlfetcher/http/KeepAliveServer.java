package io.urlfetcher.http;

import javax.net.ssl.SSLContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on raw sockets that keeps connections open and answers each request on them, scripted by path.
 * Its misbehaving paths send, past the end of their response, bytes shaped as a whole second response ({@link #FORGED}):
 * a client that reads them as the next request's response records a status and body the server never gave that
 * request. Every other path gets its real answer, {@code real answer for PATH}. It counts the requests per path and
 * notes the connection each arrived on; as a proxy it takes absolute-form targets alike.
 */
public final class KeepAliveServer extends RawSocketServer {

    /** A whole response, sent where none is due. */
    static final String FORGED = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-Forged: yes\r\n\r\nFORGED";

    /** One request as the server saw it. */
    record Request(String method, String target, String path, int connection) {
    }

    private final String scheme;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private KeepAliveServer(ServerSocket server, String scheme) {
        super(server, "keep-alive-server");
        this.scheme = scheme;
    }

    public static KeepAliveServer start() throws IOException {
        return started(new KeepAliveServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http"));
    }

    /** The same over TLS, presenting the certificate of this context. */
    static KeepAliveServer startTls(SSLContext tls) throws IOException {
        return started(new KeepAliveServer(
                tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()), "https"));
    }

    private static KeepAliveServer started(KeepAliveServer keepAlive) {
        return keepAlive.accepting(keepAlive);
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** Every request, in the order they arrived. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The request for this path (the first one). */
    Request request(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("the server got no request for " + path + ": " + requests));
    }

    @Override
    void serve(Socket socket, int connection) {
        try (socket) {
            socket.setSoTimeout(30_000); // no connection outlives a test by long
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String head; (head = readHead(in)) != null; ) {
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                String method = requestLine[0];
                String target = requestLine[1];
                String path = target.startsWith("http://") ? URI.create(target).getRawPath() : target;
                requests.add(new Request(method, target, path, connection));
                countHit(path);
                if (!answer(method, path, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client closed or reset the connection, or the server is closing: nothing to answer
        }
    }

    /** Answers one request; false when the connection is to be closed after it. */
    private boolean answer(String method, String path, OutputStream out) throws IOException, InterruptedException {
        String name = path.replaceFirst("^/", "").replaceFirst("/.*", "");
        switch (name) {
            case "excess" -> send(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + FORGED);
            case "head" -> send(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + FORGED); // a body even for HEAD
            case "no-content" -> send(out, "HTTP/1.1 204 No Content\r\n\r\n" + FORGED);
            case "not-modified" -> send(out, "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n" + FORGED);
            case "interim-body" -> send(out, "HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\nhello" + FORGED);
            case "close" -> {
                send(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello" + FORGED);
                return false;
            }
            case "http10" -> {
                send(out, "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello" + FORGED);
                return false;
            }
            case "large" -> { // a body past --max-body, made of whole responses
                StringBuilder body = new StringBuilder();
                while (body.length() < 64 * 1024) {
                    body.append(FORGED);
                }
                send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            }
            case "stall" -> { // a body that stops half-way, then goes on with a whole response past the deadline
                send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (5 + FORGED.length()) + "\r\n\r\nhello");
                Thread.sleep(3_000);
                send(out, FORGED);
            }
            case "bad-gzip" -> { // a body whose decoding fails on its first bytes; a whole response follows in it
                String body = "not gzip at all" + FORGED;
                send(out, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body);
            }
            default -> {
                String body = "real answer for " + path;
                send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + (method.equals("HEAD") ? "" : body));
            }
        }
        return true;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request line and headers, or null at the end of the connection. A request body is not expected. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            if (head.size() > 64 * 1024) {
                return null;
            }
        }
        return null;
    }
}
