package io.urlfetcher.http;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes each target through the proxy {@link ProxyRules} gives it, or directly (NO_PROXY, or no proxy for its
 * scheme). HttpClient then sends plain http requests to the proxy in absolute form and tunnels https with CONNECT.
 */
final class ProxyRoutePlanner extends DefaultRoutePlanner {

    private final ProxyRules rules;

    ProxyRoutePlanner(ProxyRules rules) {
        super(DefaultSchemePortResolver.INSTANCE);
        this.rules = rules;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        return rules.forTarget(target.getSchemeName(), target.getHostName(), target.getPort())
                .map(ProxyRules.Proxy::host).orElse(null);
    }
}
