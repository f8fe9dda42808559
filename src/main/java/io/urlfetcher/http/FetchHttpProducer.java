package io.urlfetcher.http;

import io.urlfetcher.core.ExchangeProperties;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.component.http.HttpProducer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

import java.net.URI;

/**
 * camel-http's producer, given the request's target as the {@link URI} the URL list's parser already built
 * ({@link ExchangeProperties#REQUEST_TARGET}, set by {@link HttpRequestPreparer}) instead of the {@code CamelHttpUri}
 * text. With the text, camel-http 4.18 parses each URL five times per request (HttpHelper.createURI, the query's
 * URISupport.createURIWithQuery, HttpMethodHelper's look for a query, HttpMethods.createMethod(String), and
 * createHost's getUri()) and escapes it three times; no endpoint option skips that for a target that changes per
 * message (skipControlHeaders sends every request to the endpoint's own URI and ignores CamelHttpMethod). The request
 * it builds is the same: the preparer gives a target only where camel-http's escaping would leave it unchanged.
 * Without that property it is camel-http's producer as it is.
 */
final class FetchHttpProducer extends HttpProducer {

    FetchHttpProducer(HttpEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected HttpUriRequest createMethod(Exchange exchange) throws Exception {
        URI target = exchange.getProperty(ExchangeProperties.REQUEST_TARGET, URI.class);
        HttpMethods method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, HttpMethods.class);
        HttpEndpoint endpoint = getEndpoint();
        if (target == null || method == null || endpoint.isSkipControlHeaders() || endpoint.getHttpMethod() != null) {
            return super.createMethod(exchange);
        }
        // What super.createMethod does once it has its URI and method (HttpProducer, camel-http 4.18.0).
        HttpUriRequest request = method.createMethod(target);
        if (endpoint.isDeleteWithBody() && method == HttpMethods.DELETE
                || endpoint.isGetWithBody() && method == HttpMethods.GET
                || method.isEntityEnclosing()) {
            request.setEntity(createRequestEntity(exchange));
        }
        return request;
    }

    /** The target host from the request's own scheme and authority: super rebuilds and parses its URI for it. */
    @Override
    protected HttpHost createHost(HttpUriRequest request) {
        URIAuthority authority = request.getAuthority();
        if (authority == null || request.getScheme() == null) {
            return super.createHost(request);
        }
        return new HttpHost(request.getScheme(), authority.getHostName(), authority.getPort());
    }
}
