package io.urlfetcher.http;

import org.apache.camel.Service;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.compat.ClassicToAsyncAdaptor;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.nio.AsyncClientConnectionOperator;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The async HttpClient 5 behind {@code fetch.http2} ({@link Http2ExecHandler}): built with the fetch's limits (SSRF
 * guard in its DNS resolver, connect, read and TLS handshake timeouts, header size, trust and client certificate),
 * offering h2 then http/1.1 by ALPN, with neither redirects nor retries of its own (the classic chain above does
 * both). Bound as a Camel service: its I/O threads and connections are closed with the Camel context.
 */
final class Http2Transport implements Service {

    private final HttpSettings settings;
    private final int maxConnections;
    private final AsyncActivityBridge activity;
    private final AsyncConnectionFailures failures = new AsyncConnectionFailures();
    private CloseableHttpAsyncClient client;

    /**
     * @param maxConnections the connection pool's size: fetch.max-concurrency
     * @param listener       the fetch endpoint's activity listener, told of each request and response
     */
    Http2Transport(HttpSettings settings, int maxConnections, HttpActivityListener listener) {
        this.settings = settings;
        this.maxConnections = maxConnections;
        this.activity = new AsyncActivityBridge(listener);
    }

    /** The exec-chain step sending through the async client, which is built and started on the first call. */
    synchronized Http2ExecHandler handler(DnsResolver guardedResolver, SSLContext tls) {
        if (client == null) {
            client = build(guardedResolver, tls);
            client.start();
        }
        // The bridge's own timeout bounds each wait for the head and for each read of the body: the read timeout.
        return new Http2ExecHandler(new ClassicToAsyncAdaptor(client, readTimeout()), failures);
    }

    private Timeout readTimeout() {
        return Timeout.of(settings.silenceTimeout());
    }

    private CloseableHttpAsyncClient build(DnsResolver guardedResolver, SSLContext sslContext) {
        Timeout handshakeTimeout = Timeout.of(settings.tls().handshakeTimeout());
        TlsStrategy tls = ClientTls.asyncStrategy(settings.tls(), sslContext);
        PoolingAsyncClientConnectionManagerBuilder pool = new PoolingAsyncClientConnectionManagerBuilder() {
            @Override
            protected AsyncClientConnectionOperator createConnectionOperator(
                    TlsStrategy tlsStrategy, SchemePortResolver schemePortResolver, DnsResolver dnsResolver) {
                return new TimedAsyncConnectionOperator(
                        RegistryBuilder.<TlsStrategy>create().register(URIScheme.HTTPS.id, tlsStrategy).build(),
                        schemePortResolver, dnsResolver, handshakeTimeout);
            }
        };
        AtomicInteger threads = new AtomicInteger();
        return HttpAsyncClients.custom()
                .setConnectionManager(pool
                        .setTlsStrategy(tls)
                        .setDnsResolver(guardedResolver)
                        .setDefaultTlsConfig(TlsConfig.custom()
                                .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                                .setHandshakeTimeout(handshakeTimeout)
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(readTimeout())
                                .build())
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setMessageMultiplexing(true)
                        .build())
                .setH2Config(H2Config.custom()
                        .setPushEnabled(false)
                        .setMaxHeaderListSize(settings.maxHeaderSize())
                        .build())
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(settings.maxHeaderSize())
                        .setMaxHeaderCount(FetchHttpClientConfigurer.MAX_HEADER_COUNT)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(readTimeout()).build())
                .setThreadFactory(r -> {
                    Thread thread = new Thread(r, "url-fetcher-h2-io-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                })
                .addRequestInterceptorLast(activity)
                .addResponseInterceptorFirst(activity)
                .setIOSessionListener(failures)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setDefaultCookieSpecRegistry(FetchHttpClientConfigurer.NO_COOKIE_SPECS)
                .build();
    }

    @Override
    public void start() {
        // built on first use: a context that never fetches https starts no I/O threads
    }

    @Override
    public synchronized void stop() {
        if (client != null) {
            client.close(CloseMode.GRACEFUL);
            client = null;
        }
    }
}
