package io.urlfetcher.http;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.Registry;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The beans of the fetch endpoint's HTTP client. {@link #bind} binds what every call shares: the client configurer
 * (one connection pool, timeouts, SSRF guard, retries, proxy, TLS) and the per-host circuit breakers; the static
 * methods make the Kamelet's own (its template beans, through {@code KameletBeans}): the request preparer, the
 * activity listener and the header filter. Called by {@code FetchConfiguration.bind}.
 */
public final class HttpBeans {

    private HttpBeans() {
    }

    /**
     * @param maxConnections the connection pool's size (fetch.max-concurrency)
     * @param deadlines      the timer of the per-URL deadlines
     * @param runStop        the run's stop switch: at the end of its grace the requests in flight are aborted
     */
    public static void bind(CamelContext context, HttpSettings http, int maxConnections,
                            ScheduledExecutorService deadlines, RunStop runStop) {
        Registry registry = context.getRegistry();
        // A probe still unreported after twice the deadline was lost (its run stopped under it): probe again.
        HostCircuitBreakers breakers = new HostCircuitBreakers(http.hostFailures(), http.hostCooldown(),
                http.timeout().multipliedBy(2));
        registry.bind(BeanNames.HOST_BREAKERS, breakers);
        Http2Transport http2 = null;
        if (http.http2()) {
            // The HTTP/2 client tells a listener of its own through its interceptors (the listener keeps no state).
            http2 = new Http2Transport(http, maxConnections, new FetchActivityListener());
            try {
                context.addService(http2, true, false); // closed with the context
            } catch (Exception e) {
                throw new IllegalStateException("could not register the HTTP/2 client: " + e.getMessage(), e);
            }
        }
        FetchHttpClientConfigurer configurer = new FetchHttpClientConfigurer(http, maxConnections, deadlines,
                () -> dnsResolver(context), proxyRules(context, http), breakers, runStop, http2);
        registry.bind(BeanNames.HTTP_CLIENT_CONFIGURER, configurer);
        try {
            context.addService(configurer, true, false); // its one pool is closed with the context
        } catch (Exception e) {
            throw new IllegalStateException("could not register the HTTP client's pool: " + e.getMessage(), e);
        }
    }

    /** Turns a URL line into the request: its target, method, headers (User-Agent, fetch.headers) and body. */
    public static Processor requestPreparer(HttpSettings http, FetchProgress progress) {
        return new HttpRequestPreparer(new UserAgents(http.userAgent()), http.headers(), progress);
    }

    /** Notes each response on its URL's trace (status, redirect, protocol); it keeps no state of its own. */
    public static HttpActivityListener activityListener() {
        return new FetchActivityListener();
    }

    /** camel-http's header filter, its verdict per header name cached. */
    public static HeaderFilterStrategy headerFilterStrategy() {
        return new CachedHeaderFilterStrategy();
    }

    /** fetch.proxy and fetch.no-proxy, else the proxy environment variables as curl reads them. */
    @SuppressWarnings("unchecked")
    private static ProxyRules proxyRules(CamelContext context, HttpSettings http) {
        Object bound = context.getRegistry().lookupByName(BeanNames.ENVIRONMENT);
        Function<String, String> environment = bound instanceof Function<?, ?> f
                ? (Function<String, String>) f : System::getenv;
        try {
            return ProxyRules.from(http.proxy(), http.noProxy(), environment);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid proxy: " + e.getMessage(), e);
        }
    }

    /** A host may bind its own resolver as {@code fetchDnsResolver} (tests resolve {@code .invalid} names in memory). */
    private static DnsResolver dnsResolver(CamelContext context) {
        DnsResolver custom = context.getRegistry().lookupByNameAndType(BeanNames.DNS_RESOLVER, DnsResolver.class);
        return custom != null ? custom : SystemDefaultDnsResolver.INSTANCE;
    }
}
