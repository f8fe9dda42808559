package io.urlfetcher;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Sets up the HttpClient behind the fetch endpoint:
 * <ul>
 * <li>its own connection pool, sized to the concurrency, whose DNS resolver applies the SSRF guard and
 * whose connections refuse over-long header lines;</li>
 * <li>phase timings of each request (DNS, connect, TLS, first byte, download): {@link PhaseTimingExecHandler}
 * around each hop, {@link TimedConnectionOperator} for new connections;</li>
 * <li>timeouts: connect, read (silence within one attempt) and the hard per-URL deadline with the body limit
 * ({@link RequestLimitsExecHandler});</li>
 * <li>retries by {@link FetchRetryStrategy} only (HttpClient's default retries of 429/503 would make
 * attempt counts lie), redirects up to a limit, and no cookies carried from one URL to the next.</li>
 * </ul>
 */
@SuppressWarnings("deprecation") // RequestConfig.setConnectTimeout: still honoured per request by HttpClient 5.5
public final class FetchHttpClientConfigurer implements HttpClientConfigurer {

    /** Header lines per response at most; together with the line length this bounds the header size. */
    static final int MAX_HEADER_COUNT = 200;

    /**
     * Each connection's input and output buffer. HttpClient's 8 KB each cost 160 MB at 10,000 connections; large
     * reads bypass the buffer anyway (measured: 200 bodies of 1 MB take no longer with 4 KB).
     */
    static final int CONNECTION_BUFFER_BYTES = 4096;

    private final FetchSettings settings;
    private final ScheduledExecutorService deadlineScheduler;
    private final Supplier<DnsResolver> dnsResolver;

    public FetchHttpClientConfigurer(
            FetchSettings settings, ScheduledExecutorService deadlineScheduler, Supplier<DnsResolver> dnsResolver) {
        this.settings = settings;
        this.deadlineScheduler = deadlineScheduler;
        this.dnsResolver = dnsResolver;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        Timeout deadline = Timeout.of(settings.timeout());
        Timeout readTimeout = Timeout.of(settings.readTimeout().compareTo(settings.timeout()) < 0
                ? settings.readTimeout() : settings.timeout());
        builder.setConnectionManager(connectionManager(readTimeout))
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(deadline)
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setResponseTimeout(readTimeout)
                        .setRedirectsEnabled(settings.maxRedirects() > 0)
                        .setMaxRedirects(settings.maxRedirects())
                        .setCircularRedirectsAllowed(false)
                        .build())
                .addExecInterceptorFirst("url-fetcher-limits",
                        new RequestLimitsExecHandler(deadlineScheduler, settings.timeout().toMillis(), settings.maxBody()))
                .addExecInterceptorBefore(ChainElement.CONNECT.name(), PhaseTimingExecHandler.NAME,
                        new PhaseTimingExecHandler())
                .addExecInterceptorAfter(ChainElement.REDIRECT.name(), UrlCredentialsExecHandler.NAME,
                        new UrlCredentialsExecHandler());
        if (settings.retry().retries() > 0) {
            builder.setRetryStrategy(new FetchRetryStrategy(settings.retry(), settings.retryPost()));
        } else {
            builder.disableAutomaticRetries();
        }
    }

    private PoolingHttpClientConnectionManager connectionManager(Timeout readTimeout) {
        AddressPolicy policy = new AddressPolicy(settings.blockPrivate(), settings.allowPrivate());
        return timedConnectionManagerBuilder()
                .setDnsResolver(new GuardedDnsResolver(dnsResolver.get(), policy))
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom()
                                .setMaxLineLength(settings.maxHeaderSize())
                                .setMaxHeaderCount(MAX_HEADER_COUNT)
                                .setBufferSize(CONNECTION_BUFFER_BYTES)
                                .build())
                        .responseParserFactory(ReplyAwareResponseParser.FACTORY)
                        .build())
                .setMaxConnTotal(settings.concurrency())
                .setMaxConnPerRoute(settings.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(readTimeout)
                        .build())
                .build();
    }

    /** A pool builder whose connections are opened by a {@link TimedConnectionOperator}: DNS, connect and TLS timed. */
    private static PoolingHttpClientConnectionManagerBuilder timedConnectionManagerBuilder() {
        return new PoolingHttpClientConnectionManagerBuilder() {
            @Override
            protected HttpClientConnectionOperator createConnectionOperator(
                    SchemePortResolver schemePortResolver, DnsResolver dnsResolver, TlsSocketStrategy tlsSocketStrategy) {
                return new TimedConnectionOperator(schemePortResolver, dnsResolver,
                        RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tlsSocketStrategy).build());
            }
        };
    }
}
