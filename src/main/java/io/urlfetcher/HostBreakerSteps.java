package io.urlfetcher;

import org.apache.camel.Exchange;

/**
 * The fetch flow's two steps around {@link HostCircuitBreakers}: {@link #check} before a URL waits for its
 * per-host and concurrency slots (so the queued URLs of a dead host do not each wait for one), and {@link #record}
 * once its result is built, whatever happened to it.
 */
public final class HostBreakerSteps {

    /** Exchange property: the {@link HostCircuitBreakers.Admission} of a URL let through by a breaker. */
    static final String ADMISSION = "fetchHostAdmission";

    private final HostCircuitBreakers breakers;

    public HostBreakerSteps(HostCircuitBreakers breakers) {
        this.breakers = breakers;
    }

    /** Lets the URL through, or fails it with {@link HostUnavailableException} (recorded as {@code host_unavailable}). */
    public void check(Exchange exchange) throws HostUnavailableException {
        if (!breakers.enabled()) {
            return;
        }
        UrlLine line = exchange.getMessage().getBody(UrlLine.class);
        HostCircuitBreakers.Admission admission = breakers.admit(line.getHostKey());
        if (!admission.permitted()) {
            throw new HostUnavailableException(admission.reason());
        }
        exchange.setProperty(ADMISSION, admission);
    }

    /** After the result is built (the body): tells the host's breaker how the URL ended. */
    public void record(Exchange exchange) {
        HostCircuitBreakers.Admission admission = exchange.getProperty(ADMISSION, HostCircuitBreakers.Admission.class);
        if (admission == null) {
            return; // not requested: not a fetchable URL, turned away by the breaker, or breakers are off
        }
        exchange.removeProperty(ADMISSION);
        FetchResult result = exchange.getMessage().getBody(FetchResult.class);
        Outcome outcome = result == null ? Outcome.INTERNAL_ERROR : result.outcome();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        breakers.record(admission, HostCircuitBreakers.verdict(outcome, failure), outcome);
    }
}
