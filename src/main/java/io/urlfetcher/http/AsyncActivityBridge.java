package io.urlfetcher.http;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Tells the fetch's activity listener about each request the async client ({@code fetch.http2}) sends and each
 * response it receives. camel-http hooks its listener into the classic client's protocol interceptors, which run in
 * the exec chain's last step, the one {@link Http2ExecHandler} replaces: this does the same on the async side, from
 * the same context attributes camel-http sets (its exchange and target host).
 */
final class AsyncActivityBridge implements HttpRequestInterceptor, HttpResponseInterceptor {

    private static final String EXCHANGE = Exchange.class.getName();
    private static final String HOST = HttpHost.class.getName();

    private final HttpActivityListener listener;

    AsyncActivityBridge(HttpActivityListener listener) {
        this.listener = listener;
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        if (context.getAttribute(EXCHANGE) instanceof Exchange exchange) {
            listener.onRequestSubmitted(this, exchange, host(context), request, null);
        }
    }

    @Override
    public void process(HttpResponse response, EntityDetails entity, HttpContext context) {
        if (context.getAttribute(EXCHANGE) instanceof Exchange exchange) {
            listener.onResponseReceived(this, exchange, host(context), response, null, -1);
        }
    }

    private static HttpHost host(HttpContext context) {
        return context.getAttribute(HOST) instanceof HttpHost host ? host : null;
    }
}
