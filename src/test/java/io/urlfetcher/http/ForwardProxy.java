package io.urlfetcher.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A forward HTTP proxy on 127.0.0.1 for tests, on raw sockets: {@code GET http://host:port/path} is forwarded (one
 * request per connection), {@code CONNECT host:port} is tunnelled. It records every request line and each
 * {@code Proxy-Authorization} it saw, and can ask for Basic credentials or refuse every CONNECT.
 */
final class ForwardProxy implements AutoCloseable {

    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_HEADER_LINES = 100;

    private final ServerSocket server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forward-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile String requiredCredentials; // user:password, or null for none
    private volatile boolean refuseConnect;

    private ForwardProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        workers.execute(this::acceptLoop);
    }

    static ForwardProxy start() throws IOException {
        return new ForwardProxy();
    }

    /** Answers 407 until a request carries these Basic credentials. */
    ForwardProxy requireCredentials(String user, String password) {
        requiredCredentials = user + ":" + password;
        return this;
    }

    /** Answers every CONNECT with 403. */
    ForwardProxy refuseConnect() {
        refuseConnect = true;
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request line received, like {@code GET http://127.0.0.1:8080/bytes/1 HTTP/1.1} or {@code CONNECT ...}. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** The decoded {@code user:password} of each Proxy-Authorization header received. */
    List<String> proxyAuthorizations() {
        return List.copyOf(proxyAuthorizations);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                workers.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            requestLines.add(requestLine);
            List<String> headers = new ArrayList<>();
            String authorization = null;
            for (int i = 0; i < MAX_HEADER_LINES; i++) {
                String line = readLine(in);
                if (line == null || line.isEmpty()) {
                    break;
                }
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("proxy-authorization:")) {
                    authorization = line.substring(line.indexOf(':') + 1).strip();
                    proxyAuthorizations.add(decodeBasic(authorization));
                } else if (!lower.startsWith("proxy-connection:") && !lower.startsWith("connection:")) {
                    headers.add(line);
                }
            }
            String required = requiredCredentials;
            if (required != null && (authorization == null || !required.equals(decodeBasic(authorization)))) {
                write(out, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                           + "Content-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            String[] parts = requestLine.split(" ");
            if (parts[0].equals("CONNECT")) {
                tunnel(parts[1], in, out);
            } else {
                forward(parts[0], URI.create(parts[1]), headers, in, out);
            }
        } catch (IOException e) {
            // the client or the target went away: nothing to report
        }
    }

    private void tunnel(String hostPort, InputStream in, OutputStream out) throws IOException {
        if (refuseConnect) {
            write(out, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        int colon = hostPort.lastIndexOf(':');
        try (Socket target = new Socket()) {
            target.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    SOCKET_TIMEOUT_MILLIS);
            target.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            open.add(target);
            write(out, "HTTP/1.1 200 Connection established\r\n\r\n");
            var upstream = workers.submit(() -> pump(in, target.getOutputStream()));
            pump(target.getInputStream(), out);
            upstream.cancel(true);
        }
    }

    private void forward(String method, URI uri, List<String> headers, InputStream in, OutputStream out) throws IOException {
        try (Socket target = new Socket()) {
            target.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80), SOCKET_TIMEOUT_MILLIS);
            target.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder(method).append(' ').append(uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    ? "/" : uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
            headers.forEach(h -> request.append(h).append("\r\n"));
            request.append("Connection: close\r\n\r\n");
            write(target.getOutputStream(), request.toString());
            // The response head gains Connection: close: this proxy serves one request per connection.
            InputStream response = target.getInputStream();
            StringBuilder head = new StringBuilder(readLine(response)).append("\r\n");
            for (int i = 0; i < MAX_HEADER_LINES; i++) {
                String line = readLine(response);
                if (line == null || line.isEmpty()) {
                    break;
                }
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    head.append(line).append("\r\n");
                }
            }
            write(out, head.append("Connection: close\r\n\r\n").toString());
            pump(response, out);
        }
    }

    private static Void pump(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
        return null;
    }

    private static String decodeBasic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return authorization;
        }
        return new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A CRLF- or LF-ended line of at most 8 KB, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && line.size() < 8192; ) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
