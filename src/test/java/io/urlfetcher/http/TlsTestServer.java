package io.urlfetcher.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTPS server on 127.0.0.1 (the JDK's): every path answers 200 with a short text body. It counts the TCP
 * connections requests came on (by client port) and names the client certificate each presented.
 */
final class TlsTestServer implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // see LocalTargetServer
    }

    private final HttpsServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Set<String> clientNames = ConcurrentHashMap.newKeySet();
    private final Set<Long> sessionsCreated = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    private TlsTestServer(SSLContext context, boolean needClientAuth) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                // Set on the SSLParameters: once those are given, HttpsParameters' own setters are ignored.
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            sessionsCreated.add(((HttpsExchange) exchange).getSSLSession().getCreationTime());
            try {
                clientNames.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate: fine unless the test asked for one
            }
            byte[] body = ("hello over TLS " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            if (exchange.getRequestURI().getPath().startsWith("/close")) { // a new connection for the next request
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    /** Presents {@code certificate}; asks for a client certificate trusted by {@code clientCa} when one is given. */
    static TlsTestServer start(TestCertificates.Issued certificate, java.security.cert.X509Certificate... clientCa)
            throws Exception {
        return new TlsTestServer(certificate.sslContext(clientCa), clientCa.length > 0);
    }

    String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    String ipUrl(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** TCP connections that carried at least one request. */
    int connections() {
        return clientPorts.size();
    }

    int requests() {
        return requests.get();
    }

    /**
     * The creation times of the TLS sessions requests came in: a resumed session keeps the one of the session it
     * resumes, so fewer times than connections means resumption.
     */
    Set<Long> sessionCreationTimes() {
        return Set.copyOf(sessionsCreated);
    }

    Set<String> clientNames() {
        return Set.copyOf(clientNames);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
