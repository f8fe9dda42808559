package io.urlfetcher.http;

import org.apache.camel.Exchange;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;

import java.io.IOException;

/**
 * Sends the {@code user:password@} of a URL as Basic authentication, pre-emptively, as curl does, to the URL's own
 * origin (scheme, host and port) only: each hop after a redirect to another origin goes without it (curl's default;
 * {@code --location-trusted} is not offered). Sits after HttpClient's redirect handler, so it sees every hop.
 * An {@code Authorization} header of the request (a JSON Lines request's own or {@code fetch.headers}) wins.
 */
final class UrlCredentialsExecHandler implements ExecChainHandler {

    static final String NAME = "url-fetcher-url-credentials";

    /** Exchange property: the decoded {@link UsernamePasswordCredentials} of the URL, set by {@link HttpRequestPreparer}. */
    static final String CREDENTIALS = "fetchUrlCredentials";

    private static final String CAMEL_EXCHANGE = Exchange.class.getName();
    private static final String ORIGIN = "url-fetcher.credentials-origin";

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        HttpClientContext context = scope.clientContext;
        if (context.getAttribute(CAMEL_EXCHANGE) instanceof Exchange exchange
                && exchange.getProperty(CREDENTIALS) instanceof UsernamePasswordCredentials credentials
                && request.getAuthority() != null && !request.containsHeader(HttpHeaders.AUTHORIZATION)) {
            HttpHost hop = new HttpHost(request.getScheme(), request.getAuthority().getHostName(),
                    DefaultSchemePortResolver.INSTANCE.resolve(request.getScheme(), request.getAuthority()));
            if (context.getAttribute(ORIGIN) == null) {
                context.setAttribute(ORIGIN, hop); // the first hop is the URL itself
            }
            if (hop.equals(context.getAttribute(ORIGIN))) {
                BasicScheme basic = new BasicScheme();
                basic.initPreemptive(credentials);
                context.resetAuthExchange(hop, basic);
            } else {
                context.getAuthExchange(hop).reset();
            }
        }
        return chain.proceed(request, scope);
    }
}
