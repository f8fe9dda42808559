package io.urlfetcher.http;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * camel-http's own header filter, its endpoints' default (Camel's headers and the hop-by-hop ones stay out of the
 * request; Camel's out of the response message), with its verdict kept per header name: it lower-cases and looks up every name of every request
 * and response, and the same dozen names come back on every URL. Its verdict on a non-null value depends on the name
 * alone. At most {@value #MAX_NAMES} names per direction are kept, since a server chooses the names it sends.
 */
final class CachedHeaderFilterStrategy extends HttpHeaderFilterStrategy {

    static final int MAX_NAMES = 1024;

    private final Map<String, Boolean> toHttp = new ConcurrentHashMap<>();
    private final Map<String, Boolean> fromHttp = new ConcurrentHashMap<>();

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        if (name == null || value == null) {
            return super.applyFilterToCamelHeaders(name, value, exchange);
        }
        Boolean filtered = toHttp.get(name);
        if (filtered == null) {
            filtered = super.applyFilterToCamelHeaders(name, value, exchange);
            remember(toHttp, name, filtered);
        }
        return filtered;
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        if (name == null || value == null) {
            return super.applyFilterToExternalHeaders(name, value, exchange);
        }
        Boolean filtered = fromHttp.get(name);
        if (filtered == null) {
            filtered = super.applyFilterToExternalHeaders(name, value, exchange);
            remember(fromHttp, name, filtered);
        }
        return filtered;
    }

    private static void remember(Map<String, Boolean> verdicts, String name, boolean filtered) {
        if (verdicts.size() < MAX_NAMES) {
            verdicts.put(name, filtered);
        }
    }
}
