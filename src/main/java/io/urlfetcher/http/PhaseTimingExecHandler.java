package io.urlfetcher.http;

import io.urlfetcher.core.ExchangeProperties;

import org.apache.camel.Exchange;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.IOException;

/**
 * Notes each attempt and redirect hop on the URL's {@link FetchTrace} and stamps it on its {@link PhaseClock}: it sits
 * just before HttpClient's CONNECT step (inside redirects and retries), so it starts once per hop, before the
 * connection is leased or opened, and {@code chain.proceed} returns when the response head has arrived. Counting here
 * rather than when the request is written makes a refused connection or a connect timeout an attempt too.
 */
final class PhaseTimingExecHandler implements ExecChainHandler {

    static final String NAME = "url-fetcher-phase-timing";

    /** Context attribute: the request's {@link FetchTrace}, once looked up. */
    static final String TRACE = "url-fetcher.trace";

    /** Context attribute under which camel-http puts the exchange when an activity listener is set (its class name). */
    private static final String CAMEL_EXCHANGE = Exchange.class.getName();

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        FetchTrace trace = trace(scope.clientContext);
        if (trace == null) {
            return chain.proceed(request, scope);
        }
        trace.hopStarted(FetchActivityListener.url(scope.route.getTargetHost(), request));
        PhaseClock clock = trace.clock();
        clock.hopStarted(System.nanoTime());
        ClassicHttpResponse response = chain.proceed(request, scope);
        clock.headReceived(System.nanoTime(), response.getEntity() != null);
        return response;
    }

    /** The clock of the URL this context's request is for (its exchange's {@link FetchTrace}), or null outside a fetch. */
    static PhaseClock clock(HttpContext context) {
        FetchTrace trace = trace(context);
        return trace == null ? null : trace.clock();
    }

    /** The trace of the URL this context's request is for, or null outside a fetch. */
    static FetchTrace trace(HttpContext context) {
        if (context == null) {
            return null;
        }
        if (context.getAttribute(TRACE) instanceof FetchTrace trace) {
            return trace;
        }
        if (context.getAttribute(CAMEL_EXCHANGE) instanceof Exchange exchange) {
            FetchTrace trace = exchange.getProperty(ExchangeProperties.TRACE, FetchTrace.class);
            if (trace != null) {
                context.setAttribute(TRACE, trace);
                return trace;
            }
        }
        return null;
    }
}
