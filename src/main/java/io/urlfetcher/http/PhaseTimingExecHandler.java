package io.urlfetcher.http;

import io.urlfetcher.flow.ExchangeProperties;

import org.apache.camel.Exchange;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.IOException;

/**
 * Stamps each attempt and redirect hop on the URL's {@link PhaseClock}: it sits just before HttpClient's CONNECT
 * step (inside redirects and retries), so it starts once per hop, before the connection is leased or opened, and
 * {@code chain.proceed} returns when the response head has arrived.
 */
final class PhaseTimingExecHandler implements ExecChainHandler {

    static final String NAME = "url-fetcher-phase-timing";

    /** Context attribute: the request's {@link PhaseClock}, once looked up. */
    static final String CLOCK = "url-fetcher.phase-clock";

    /** Context attribute under which camel-http puts the exchange when an activity listener is set (its class name). */
    private static final String CAMEL_EXCHANGE = Exchange.class.getName();

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        PhaseClock clock = clock(scope.clientContext);
        if (clock == null) {
            return chain.proceed(request, scope);
        }
        clock.hopStarted(System.nanoTime());
        ClassicHttpResponse response = chain.proceed(request, scope);
        clock.headReceived(System.nanoTime(), response.getEntity() != null);
        return response;
    }

    /** The clock of the URL this context's request is for (its exchange's {@link FetchTrace}), or null outside a fetch. */
    static PhaseClock clock(HttpContext context) {
        if (context == null) {
            return null;
        }
        if (context.getAttribute(CLOCK) instanceof PhaseClock clock) {
            return clock;
        }
        if (context.getAttribute(CAMEL_EXCHANGE) instanceof Exchange exchange) {
            FetchTrace trace = exchange.getProperty(ExchangeProperties.TRACE, FetchTrace.class);
            if (trace != null) {
                context.setAttribute(CLOCK, trace.clock());
                return trace.clock();
            }
        }
        return null;
    }
}
