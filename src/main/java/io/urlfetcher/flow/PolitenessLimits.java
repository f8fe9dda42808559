package io.urlfetcher.flow;

import io.urlfetcher.core.FetchCall;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The per-host and rate limits of one call of the fetch flow: the Kamelet's {@code perHost} and {@code rate}
 * parameters (in the exchange's {@link FetchCall}), or where they are -1, the {@code fetch.per-host} and
 * {@code fetch.rate} settings. Plain Java for the {@code ref} language: no parsing per URL.
 */
final class PolitenessLimits {

    private final int settingPerHost;
    private final int settingRate;

    PolitenessLimits(int settingPerHost, int settingRate) {
        this.settingPerHost = settingPerHost;
        this.settingRate = settingRate;
    }

    public Expression perHost() {
        return expression(this::perHost);
    }

    /**
     * Whether the call's per-host limit can hold a request back at all: one at or above the call's concurrency never
     * does (that many are in flight at most), and the Kamelet then skips the per-host Throttle, whose per-key state
     * costs on every URL.
     */
    public Predicate perHostLimited() {
        return exchange -> perHost(exchange) < concurrency(exchange);
    }

    private int perHost(Exchange exchange) {
        FetchCall call = FetchCall.of(exchange);
        return call == null || call.perHost() < 1 ? settingPerHost : call.perHost();
    }

    /** The call's concurrency; no limit when there is no call. */
    private static int concurrency(Exchange exchange) {
        FetchCall call = FetchCall.of(exchange);
        return call == null ? Integer.MAX_VALUE : call.concurrency();
    }

    /**
     * Whether any of the call's limits can hold a request back; the Kamelet goes through the limits (and their stop
     * gates) only then, and on the default path (no rate, a per-host limit at or above the concurrency) skips them.
     */
    public Predicate politenessLimited() {
        return exchange -> perHost(exchange) < concurrency(exchange) || rate(exchange) > 0;
    }

    public Expression rate() {
        return expression(this::rate);
    }

    /** Whether the call has a rate limit at all (a Throttle of 0 requests per second would stop everything). */
    public Predicate rateLimited() {
        return exchange -> rate(exchange) > 0;
    }

    private int rate(Exchange exchange) {
        FetchCall call = FetchCall.of(exchange);
        return call == null || call.rate() < 0 ? settingRate : call.rate();
    }

    private static Expression expression(java.util.function.ToIntFunction<Exchange> value) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return value.applyAsInt(exchange);
            }
        };
    }
}
