package io.urlfetcher.http;

import io.urlfetcher.core.RunStop;

import org.apache.camel.Service;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Sets up the HttpClient behind the fetch endpoint:
 * <ul>
 * <li>its own connection pool, sized to fetch.max-concurrency, whose DNS resolver applies the SSRF guard and
 * whose connections refuse over-long header lines;</li>
 * <li>phase timings of each request (DNS, connect, TLS, first byte, download): {@link PhaseTimingExecHandler}
 * around each hop, {@link TimedConnectionOperator} for new connections;</li>
 * <li>timeouts: connect, read (silence within one attempt) and the hard per-URL deadline with the body limit
 * ({@link RequestLimitsExecHandler});</li>
 * <li>retries by {@link FetchRetryStrategy} only (HttpClient's default retries of 429/503 would make
 * attempt counts lie), redirects up to a limit, and no cookies carried from one URL to the next.</li>
 * <li>redirects to other schemes, and https-to-http ones unless allowed, refused ({@link FetchRedirectStrategy});</li>
 * <li>proxies as {@link ProxyRules} says per target ({@link ProxyRoutePlanner}), with their credentials, the SSRF
 * guard applied to the target and proxy failures told apart ({@link ProxyExecHandler}).</li>
 * <li>with fetch.http2, https requests that go direct sent by the async client in the chain's place
 * ({@link Http2ExecHandler}), HTTP/2 when the server offers it.</li>
 * </ul>
 */
@SuppressWarnings("deprecation") // RequestConfig.setConnectTimeout: still honoured per request by HttpClient 5.5
final class FetchHttpClientConfigurer implements HttpClientConfigurer, Service {

    /** Header lines per response at most; together with the line length this bounds the header size. */
    static final int MAX_HEADER_COUNT = 200;

    /**
     * Each connection's input and output buffer. HttpClient's 8 KB each cost 160 MB at 10,000 connections; large
     * reads bypass the buffer anyway.
     */
    static final int CONNECTION_BUFFER_BYTES = 4096;

    /**
     * No cookie specifications: the client keeps no cookies (cookie management is off), but without a registry of its
     * own HttpClientBuilder makes its default one, which loads and parses the public suffix list (about 10 ms of every
     * start, on the main thread).
     */
    static final Lookup<CookieSpecFactory> NO_COOKIE_SPECS = RegistryBuilder.<CookieSpecFactory>create().build();

    private final HttpSettings settings;
    private final int maxConnections;
    private final ScheduledExecutorService deadlineScheduler;
    private final Supplier<DnsResolver> dnsResolver;
    private final ProxyRules proxies;
    private final HostCircuitBreakers breakers;
    private final RunStop runStop;
    private final Http2Transport http2;

    /**
     * @param maxConnections the connection pool's size: fetch.max-concurrency, the ceiling of every call's concurrency
     * @param breakers the per-host circuit breakers: no connection failure is retried while its host's is open
     * @param runStop  the run's stop switch: at the end of its grace the requests in flight are aborted; null for none
     * @param http2    the async client that sends https requests with fetch.http2, or null to send all by this one
     */
    FetchHttpClientConfigurer(HttpSettings settings, int maxConnections, ScheduledExecutorService deadlineScheduler,
            Supplier<DnsResolver> dnsResolver, ProxyRules proxies, HostCircuitBreakers breakers, RunStop runStop,
            Http2Transport http2) {
        this.breakers = breakers;
        this.settings = settings;
        this.maxConnections = maxConnections;
        this.deadlineScheduler = deadlineScheduler;
        this.dnsResolver = dnsResolver;
        this.proxies = proxies;
        this.runStop = runStop;
        this.http2 = http2;
    }

    /** What every client this configurer sets up shares: one connection pool, its DNS guard and TLS context. */
    private record Connections(PoolingHttpClientConnectionManager pool, DnsResolver guardedResolver, SSLContext tls,
                               boolean guarded) {
    }

    private Connections connections;

    /**
     * The connections of every client: made by the first one, so that each endpoint of the Kamelet's calls (one per
     * call's route) shares the one pool, and the certificate files are read once, for the HTTP/2 client too.
     */
    private synchronized Connections connections() {
        if (connections == null) {
            AddressPolicy policy = new AddressPolicy(settings.blockPrivate(), settings.allowPrivate());
            DnsResolver guardedResolver = new GuardedDnsResolver(dnsResolver.get(), policy);
            SSLContext tls = ClientTls.sslContext(settings.tls());
            connections = new Connections(connectionManager(Timeout.of(settings.silenceTimeout()), guardedResolver, tls),
                    guardedResolver, tls, policy.isBlocking());
        }
        return connections;
    }

    @Override
    public void start() {
        // the pool is made by the first client
    }

    /** Closes the shared pool, with the context; the clients leave it open ({@code setConnectionManagerShared}). */
    @Override
    public synchronized void stop() {
        if (connections != null) {
            connections.pool().close(CloseMode.GRACEFUL);
            connections = null;
        }
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        Timeout deadline = Timeout.of(settings.timeout());
        Timeout readTimeout = Timeout.of(settings.silenceTimeout());
        Connections shared = connections();
        DnsResolver guardedResolver = shared.guardedResolver();
        SSLContext tls = shared.tls();
        builder.setConnectionManager(shared.pool())
                .setConnectionManagerShared(true)
                .disableCookieManagement()
                .setDefaultCookieSpecRegistry(NO_COOKIE_SPECS)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(deadline)
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setResponseTimeout(readTimeout)
                        .setRedirectsEnabled(settings.maxRedirects() > 0)
                        .setMaxRedirects(settings.maxRedirects())
                        .setCircularRedirectsAllowed(false)
                        .build())
                .addExecInterceptorFirst("url-fetcher-limits",
                        new RequestLimitsExecHandler(deadlineScheduler, settings.timeout().toMillis(), settings.maxBody(),
                                runStop))
                .addExecInterceptorBefore(ChainElement.CONNECT.name(), PhaseTimingExecHandler.NAME,
                        new PhaseTimingExecHandler())
                .addExecInterceptorBefore(ChainElement.CONNECT.name(), RefusedClientCertificateExecHandler.NAME,
                        new RefusedClientCertificateExecHandler())
                .addExecInterceptorAfter(ChainElement.REDIRECT.name(), UrlCredentialsExecHandler.NAME,
                        new UrlCredentialsExecHandler());
        if (http2 != null) { // added last before CONNECT, so it runs after the timing and client-certificate steps
            builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), Http2ExecHandler.NAME,
                    http2.handler(guardedResolver, tls));
        }
        if (settings.retry().retries() > 0) {
            builder.setRetryStrategy(new FetchRetryStrategy(settings.retry(), settings.retryPost(), breakers));
        } else {
            builder.disableAutomaticRetries();
        }
        builder.setRedirectStrategy(new FetchRedirectStrategy(settings.allowDowngrade()));
        if (proxies.any()) {
            configureProxies(builder, guardedResolver, shared.guarded());
        }
    }

    private void configureProxies(HttpClientBuilder builder, DnsResolver guardedResolver, boolean guarded) {
        builder.setRoutePlanner(new ProxyRoutePlanner(proxies))
                .addExecInterceptorBefore(ChainElement.PROTOCOL.name(), ProxyExecHandler.NAME,
                        new ProxyExecHandler(guardedResolver, guarded))
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), ProxyExecHandler.TARGET_NAME,
                        ProxyExecHandler.TARGET);
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        for (ProxyRules.Proxy proxy : proxies.proxies()) {
            if (proxy.hasCredentials()) { // sent as Proxy-Authorization: Basic once the proxy asks (407)
                credentials.setCredentials(new AuthScope(proxy.host()),
                        new UsernamePasswordCredentials(proxy.user(), proxy.password().toCharArray()));
            }
        }
        builder.setDefaultCredentialsProvider(credentials);
    }

    private PoolingHttpClientConnectionManager connectionManager(Timeout readTimeout, DnsResolver guardedResolver,
                                                                 SSLContext tls) {
        Timeout handshakeTimeout = Timeout.of(settings.tls().handshakeTimeout());
        Http1Config http1 = Http1Config.custom()
                .setMaxLineLength(settings.maxHeaderSize())
                // HttpCore's classic parser refuses the line that reaches its count (its async one, the line past it)
                .setMaxHeaderCount(MAX_HEADER_COUNT + 1)
                .setBufferSize(CONNECTION_BUFFER_BYTES)
                .build();
        return timedConnectionManagerBuilder(handshakeTimeout)
                .setTlsSocketStrategy(ClientTls.strategy(settings.tls(), tls))
                .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(handshakeTimeout).build())
                .setDnsResolver(guardedResolver)
                .setConnectionFactory(new ReuseCheckedConnectionFactory(http1,
                        ReplyAwareResponseParser.factory(http1))) // the parser counts the lines
                // Shared by every call, whatever its concurrency: sized to the ceiling (connections open on demand).
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(readTimeout)
                        // Every lease asks the connection whether bytes wait on it that no request asked for.
                        .setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS)
                        .build())
                .build();
    }

    /** A pool builder whose connections are opened by a {@link TimedConnectionOperator}: DNS, connect and TLS timed. */
    private static PoolingHttpClientConnectionManagerBuilder timedConnectionManagerBuilder(Timeout handshakeTimeout) {
        return new PoolingHttpClientConnectionManagerBuilder() {
            @Override
            protected HttpClientConnectionOperator createConnectionOperator(
                    SchemePortResolver schemePortResolver, DnsResolver dnsResolver, TlsSocketStrategy tlsSocketStrategy) {
                return new TimedConnectionOperator(schemePortResolver, dnsResolver,
                        RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tlsSocketStrategy).build(),
                        handshakeTimeout);
            }
        };
    }
}
