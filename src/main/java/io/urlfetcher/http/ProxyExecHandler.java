package io.urlfetcher.http;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.message.StatusLine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Around each request that goes through a proxy (placed before HttpClient's protocol step, so proxy authentication
 * has had its go):
 * <ul>
 * <li>the SSRF guard judges the <em>target</em>: with a proxy HttpClient resolves only the proxy's name, so the
 * target is resolved here through the guarded resolver and refused before anything is sent;</li>
 * <li>failures of the proxy itself become a {@link ProxyException}: it cannot be reached, it refused the CONNECT of
 * an https URL (HttpClient 5.5's classic client returns the proxy's answer as if it were the response, so
 * {@link #TARGET} tells the two apart), or it answered {@code 407} to a plain http request.</li>
 * </ul>
 */
final class ProxyExecHandler implements ExecChainHandler {

    static final String NAME = "url-fetcher-proxy";
    static final String TARGET_NAME = "url-fetcher-proxy-target";

    /** Context attribute: the response {@link #TARGET} passed back, i.e. one that came from the target. */
    private static final String TARGET_RESPONSE = "io.urlfetcher.proxy.target-response";

    /** Runs just before the request is sent on an established connection (tunnel included), and marks that. */
    static final ExecChainHandler TARGET = (request, scope, chain) -> {
        ClassicHttpResponse response = chain.proceed(request, scope);
        scope.clientContext.setAttribute(TARGET_RESPONSE, response);
        return response;
    };

    private final DnsResolver guardedResolver;
    private final boolean guarded;

    ProxyExecHandler(DnsResolver guardedResolver, boolean guarded) {
        this.guardedResolver = guardedResolver;
        this.guarded = guarded;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        HttpRoute route = scope.route;
        HttpHost proxy = route.getProxyHost();
        if (proxy == null) {
            return chain.proceed(request, scope);
        }
        HttpHost target = route.getTargetHost();
        int port = target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getSchemeName()) ? 443 : 80;
        if (guarded) {
            guardedResolver.resolve(target.getHostName(), port); // throws BlockedAddressException for an internal target
        }
        String via = "proxy " + proxy.toURI();
        scope.clientContext.removeAttribute(TARGET_RESPONSE);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (TunnelRefusedException e) { // what older and async HttpClients throw for a refused CONNECT
            throw new ProxyException(via + " refused CONNECT " + target.toHostString() + ": " + e.getMessage(), e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new ProxyException(via + " cannot be reached: " + e.getClass().getSimpleName()
                                     + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (UnknownHostException e) {
            if (e instanceof BlockedAddressException) {
                throw e; // the proxy itself resolves inside: the guard's own message says how to allow it
            }
            throw new ProxyException(via + " does not resolve: " + e.getMessage(), e);
        }
        boolean fromProxy = route.isTunnelled() && scope.clientContext.getAttribute(TARGET_RESPONSE) != response;
        if (fromProxy) {
            String status = new StatusLine(response).toString();
            response.close();
            throw new ProxyException(via + " refused CONNECT " + target.toHostString() + ": " + status, null);
        }
        if (response.getCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) {
            String status = new StatusLine(response).toString();
            response.close();
            throw new ProxyException(via + " answered " + status + " (proxy credentials missing or refused)", null);
        }
        return response;
    }
}
