package io.urlfetcher.flow;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchCall;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.http.FetchTrace;
import io.urlfetcher.http.HostCircuitBreakers;
import io.urlfetcher.http.HostSignals;
import io.urlfetcher.http.HostUnavailableException;

import org.apache.camel.Exchange;


/**
 * The fetch flow's two steps around {@link HostCircuitBreakers}: {@link #check} before a URL waits for its
 * per-host and concurrency slots (so the queued URLs of a dead host do not each wait for one), and {@link #record}
 * once its result is built, whatever happened to it.
 * <p>
 * The breakers of {@code fetch.host-failures} live as long as the Camel context and are shared by every call of the
 * Kamelet (a worker's jobs, a watched folder's lists). A call whose {@code hostFailures} parameter asks for another
 * count gets the breakers of that count, shared by the calls that ask for it; 0 turns them off for the call.
 */
final class HostBreakerSteps {

    /** Exchange property: the {@link Admitted} URL, to report its end to the breakers that let it through. */
    static final String ADMITTED = "fetchHostAdmitted";

    /** A URL let through, and by which breakers. */
    private record Admitted(HostCircuitBreakers breakers, HostCircuitBreakers.Admission admission) {
    }

    private final HostCircuitBreakers configured;

    HostBreakerSteps(HostCircuitBreakers configured) {
        this.configured = configured;
    }

    /** Lets the URL through, or fails it with {@link HostUnavailableException} (recorded as {@code host_unavailable}). */
    public void check(Exchange exchange) throws HostUnavailableException {
        HostCircuitBreakers breakers = breakersFor(exchange);
        if (!breakers.enabled()) {
            return;
        }
        UrlLine line = exchange.getMessage().getBody(UrlLine.class);
        HostCircuitBreakers.Admission admission = breakers.admit(line.getHostKey());
        if (!admission.permitted()) {
            throw new HostUnavailableException(admission.reason());
        }
        exchange.setProperty(ADMITTED, new Admitted(breakers, admission));
    }

    /** After the result is built (the body): tells the host's breaker how the URL ended. */
    public void record(Exchange exchange) {
        Admitted admitted = exchange.getProperty(ADMITTED, Admitted.class);
        if (admitted == null) {
            return; // not requested: not a fetchable URL, turned away by the breaker, or breakers are off
        }
        exchange.removeProperty(ADMITTED);
        FetchResult result = exchange.getMessage().getBody(FetchResult.class);
        Outcome outcome = result == null ? Outcome.INTERNAL_ERROR : result.outcome();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FetchTrace trace = exchange.getProperty(ExchangeProperties.TRACE, FetchTrace.class);
        admitted.breakers().record(admitted.admission(), HostSignals.verdict(outcome, failure, trace), outcome);
    }

    private HostCircuitBreakers breakersFor(Exchange exchange) {
        FetchCall call = FetchCall.of(exchange);
        return configured.forCount(call == null ? -1 : call.hostFailures());
    }
}
