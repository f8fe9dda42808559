package io.urlfetcher.http;

import io.urlfetcher.core.ExchangeProperties;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.net.URIAuthority;

import java.net.URISyntaxException;

/**
 * camel-http calls this for every request HttpClient sends and every response it receives, redirect
 * hops and retries included; it notes each response on the URL's {@link FetchTrace}. Requests are counted by
 * {@link PhaseTimingExecHandler} instead: camel-http calls {@link #onRequestSubmitted} only once a connection is open,
 * so a refused connection would not count as an attempt.
 */
final class FetchActivityListener implements HttpActivityListener {

    @Override
    public void onRequestSubmitted(Object source, Exchange exchange, HttpHost host, HttpRequest request, HttpEntity entity) {
        // counted when the hop starts, connection or not (PhaseTimingExecHandler)
    }

    @Override
    public void onResponseReceived(
            Object source, Exchange exchange, HttpHost host, HttpResponse response, HttpEntity entity, long elapsed) {
        FetchTrace trace = trace(exchange);
        if (trace != null) {
            trace.responseReceived(response.getCode(), response.containsHeader(HttpHeaders.LOCATION),
                    protocol(response.getVersion()));
        }
    }

    /**
     * As curl names them: {@code HTTP/1.1}, {@code HTTP/1.0}, {@code HTTP/2} (HttpClient says HTTP/2.0). The common
     * ones are constants: every result keeps its protocol until the report is written.
     */
    static String protocol(ProtocolVersion version) {
        if (version == null) {
            return null;
        }
        if (version.getMajor() == 1 && version.getMinor() == 1) {
            return "HTTP/1.1";
        }
        if (version.getMajor() == 1 && version.getMinor() == 0) {
            return "HTTP/1.0";
        }
        return version.getMajor() == 2 && version.getMinor() == 0 ? "HTTP/2" : version.format();
    }

    private static FetchTrace trace(Exchange exchange) {
        return exchange == null ? null : exchange.getProperty(ExchangeProperties.TRACE, FetchTrace.class);
    }

    /**
     * The URL of the request as {@code request.getUri().toString()} gives it, without the {@link java.net.URI} that
     * parses it again on every request: HttpClient 5's {@code BasicHttpRequest.getUri} assembles scheme, authority
     * and path the same way, then parses the text.
     */
    static String url(HttpHost host, HttpRequest request) {
        URIAuthority authority = request.getAuthority();
        String path = request.getPath();
        if (authority != null && request instanceof BasicHttpRequest) {
            StringBuilder url = new StringBuilder(64);
            url.append(request.getScheme() != null ? request.getScheme() : URIScheme.HTTP.id).append("://")
                    .append(authority.getHostName());
            if (authority.getPort() >= 0) {
                url.append(':').append(authority.getPort());
            }
            if (path == null) {
                url.append('/');
            } else {
                if (!path.startsWith("/")) {
                    url.append('/');
                }
                url.append(path);
            }
            return url.toString();
        }
        try {
            return request.getUri().toString();
        } catch (URISyntaxException e) {
            return (host == null ? "" : host.toURI()) + request.getRequestUri();
        }
    }
}
