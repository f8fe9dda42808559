package io.urlfetcher.http;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Binds the beans of the fetch endpoint's HTTP client: the request preparer, the client configurer (pool, timeouts,
 * SSRF guard, retries, proxy, TLS), the activity listener and the per-host circuit breakers. Called by
 * {@code FetchConfiguration.bind}.
 */
public final class HttpBeans {

    private HttpBeans() {
    }

    /**
     * @param maxConnections the connection pool's size (fetch.max-concurrency)
     * @param deadlines      the timer of the per-URL deadlines
     * @param progress       counts the requests in flight
     * @param runStop        the run's stop switch: at the end of its grace the requests in flight are aborted
     * @return the per-host circuit breakers, whose steps the flow binds
     */
    public static HostCircuitBreakers bind(CamelContext context, HttpSettings http, int maxConnections,
                                           ScheduledExecutorService deadlines, FetchProgress progress, RunStop runStop) {
        Registry registry = context.getRegistry();
        registry.bind(BeanNames.HTTP_REQUEST_PREPARER,
                new HttpRequestPreparer(new UserAgents(http.userAgent()), http.headers(), progress));
        // A probe still unreported after twice the deadline was lost (its run stopped under it): probe again.
        HostCircuitBreakers breakers = new HostCircuitBreakers(http.hostFailures(), http.hostCooldown(),
                http.timeout().multipliedBy(2));
        registry.bind(BeanNames.HOST_BREAKERS, breakers);
        FetchActivityListener activity = new FetchActivityListener();
        registry.bind(BeanNames.ACTIVITY_LISTENER, activity);
        registry.bind(BeanNames.HEADER_FILTER_STRATEGY, new CachedHeaderFilterStrategy());
        Http2Transport http2 = null;
        if (http.http2()) {
            http2 = new Http2Transport(http, maxConnections, activity);
            try {
                context.addService(http2, true, false); // closed with the context
            } catch (Exception e) {
                throw new IllegalStateException("could not register the HTTP/2 client: " + e.getMessage(), e);
            }
        }
        registry.bind(BeanNames.HTTP_CLIENT_CONFIGURER, new FetchHttpClientConfigurer(http, maxConnections, deadlines,
                () -> dnsResolver(context), proxyRules(context, http), breakers, runStop, http2));
        return breakers;
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
