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
        Boolean kept = kept(toHttp, name, value);
        return kept != null ? kept : keep(toHttp, name, value, super.applyFilterToCamelHeaders(name, value, exchange));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        Boolean kept = kept(fromHttp, name, value);
        return kept != null ? kept : keep(fromHttp, name, value, super.applyFilterToExternalHeaders(name, value, exchange));
    }

    /** The verdict kept for this name; null when there is none, or when the name or the value is null (never kept). */
    private static Boolean kept(Map<String, Boolean> verdicts, String name, Object value) {
        return name == null || value == null ? null : verdicts.get(name);
    }

    /** Keeps the filter's verdict for the name while there is room, and returns it. */
    private static boolean keep(Map<String, Boolean> verdicts, String name, Object value, boolean filtered) {
        if (name != null && value != null && verdicts.size() < MAX_NAMES) {
            verdicts.put(name, filtered);
        }
        return filtered;
    }
}
