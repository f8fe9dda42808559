package io.urlfetcher.http;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.apache.hc.core5.util.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS server on 127.0.0.1 that speaks HTTP/2 to clients that offer it by ALPN and HTTP/1.1 to the others:
 * HttpCore 5's own async server (httpcore5-h2), not ours. It records the protocol, method, body and User-Agent of
 * each request and counts the TCP connections. Paths: {@code /page/N} answers a short text, {@code /stall} never
 * answers, {@code /big/N} sends N bytes, {@code /headers/N} N header fields, {@code /status/N} answers that status, {@code /flaky/KEY} 503 the first time
 * and 200 after, {@code /redirect?to=URL} a 302 there.
 */
final class H2TestServer implements AutoCloseable {

    /** What the server saw of one request. */
    record Seen(String protocol, String method, String path, String body, String userAgent, String authorization,
                String clientName) {
    }

    private final HttpAsyncServer server;
    private final int port;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> flakyServed = new ConcurrentHashMap<>();

    private H2TestServer(TestCertificates.Issued certificate, java.security.cert.X509Certificate... clientCa)
            throws Exception {
        server = H2ServerBootstrap.bootstrap()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).setSoTimeout(Timeout.ofSeconds(60)).build())
                .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                .setTlsStrategy(new H2ServerTlsStrategy(certificate.sslContext(clientCa),
                        (endpoint, engine) -> engine.setNeedClientAuth(clientCa.length > 0), null))
                .setIOSessionListener(new CountingListener())
                .register("*", new Handler())
                .create();
        server.start();
        ListenerEndpoint endpoint = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                URIScheme.HTTPS).get(10, TimeUnit.SECONDS);
        port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    }

    /** Presents {@code certificate}; asks for a client certificate trusted by {@code clientCa} when one is given. */
    static H2TestServer start(TestCertificates.Issued certificate, java.security.cert.X509Certificate... clientCa)
            throws Exception {
        return new H2TestServer(certificate, clientCa);
    }

    String url(String path) {
        return "https://localhost:" + port + path;
    }

    /** TCP connections accepted. */
    int connections() {
        return connections.get();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }

    private static String clientName(javax.net.ssl.SSLSession session) {
        try {
            return session == null ? null : session.getPeerPrincipal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null; // no client certificate
        }
    }

    private final class CountingListener implements IOSessionListener {
        @Override
        public void connected(IOSession session) {
            connections.incrementAndGet();
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
        public void exception(IOSession session, Exception ex) {
        }

        @Override
        public void disconnected(IOSession session) {
        }
    }

    private final class Handler implements AsyncServerRequestHandler<Message<HttpRequest, String>> {
        @Override
        public AsyncRequestConsumer<Message<HttpRequest, String>> prepare(HttpRequest request, EntityDetails entity,
                                                                         HttpContext context) {
            return new BasicRequestConsumer<>(entity != null ? new StringAsyncEntityConsumer() : null);
        }

        @Override
        public void handle(Message<HttpRequest, String> message, ResponseTrigger trigger, HttpContext context)
                throws org.apache.hc.core5.http.HttpException, java.io.IOException {
            HttpRequest request = message.getHead();
            ProtocolVersion version = HttpCoreContext.cast(context).getProtocolVersion();
            Header agent = request.getFirstHeader("User-Agent");
            Header authorization = request.getFirstHeader("Authorization");
            String path = request.getPath();
            seen.add(new Seen(version == null ? null : version.format(), request.getMethod(), path, message.getBody(),
                    agent == null ? null : agent.getValue(), authorization == null ? null : authorization.getValue(),
                    clientName(HttpCoreContext.cast(context).getSSLSession())));
            AsyncResponseBuilder response;
            if (path.equals("/stall")) {
                return; // never answers
            } else if (path.startsWith("/big/")) {
                response = AsyncResponseBuilder.create(200).setEntity(
                        "x".repeat(Integer.parseInt(path.substring("/big/".length()))), ContentType.TEXT_PLAIN);
            } else if (path.startsWith("/headers/")) { // N fields: Content-Type, the server's Content-Length and Date,
                response = AsyncResponseBuilder.create(200).setEntity("fine", ContentType.TEXT_PLAIN); // N - 3 X-Line-i
                for (int i = 4; i <= Integer.parseInt(path.substring("/headers/".length())); i++) {
                    response.addHeader("X-Line-" + i, "v");
                }
            } else if (path.startsWith("/status/")) {
                response = AsyncResponseBuilder.create(Integer.parseInt(path.substring("/status/".length())))
                        .setEntity("status", ContentType.TEXT_PLAIN);
            } else if (path.startsWith("/flaky/")) {
                boolean again = flakyServed.putIfAbsent(path, Boolean.TRUE) != null;
                response = AsyncResponseBuilder.create(again ? 200 : 503).setEntity(again ? "fine now" : "busy",
                        ContentType.TEXT_PLAIN);
            } else if (path.startsWith("/redirect?to=")) {
                response = AsyncResponseBuilder.create(302)
                        .setHeader("Location", java.net.URLDecoder.decode(path.substring("/redirect?to=".length()),
                                java.nio.charset.StandardCharsets.UTF_8));
            } else {
                String body = message.getBody() != null ? request.getMethod() + " " + message.getBody()
                        : "hello over " + (version == null ? "?" : version.format()) + " " + path;
                response = AsyncResponseBuilder.create(200).setEntity(body, ContentType.TEXT_PLAIN);
            }
            trigger.submitResponse(response.build(), context);
        }
    }
}
