package io.urlfetcher.http;

import io.urlfetcher.PhaseTimings;

/**
 * What HttpClient did for one URL, fed by {@link FetchActivityListener} request by request: how many
 * attempts (first try and retries), how many redirects were followed, and the last URL requested.
 * A request that follows a redirect response is a redirect hop; any other request is an attempt. Its
 * {@link PhaseClock} is stamped by HttpClient's exec chain, hop by hop.
 */
public final class FetchTrace {

    private int attempts;
    private int redirects;
    private String finalUrl;
    private boolean lastResponseRedirected;
    private final PhaseClock clock = new PhaseClock();

    synchronized void requestSent(String url) {
        if (lastResponseRedirected) {
            redirects++;
        } else {
            attempts++;
        }
        lastResponseRedirected = false;
        finalUrl = url;
    }

    /** The protocol of the last response, as its status line gave it (HTTP/1.1, HTTP/1.0). */
    private String protocol;

    synchronized void responseReceived(int status, boolean hasLocation, String responseProtocol) {
        protocol = responseProtocol;
        lastResponseRedirected = status >= 300 && status < 400 && hasLocation;
    }

    public synchronized String protocol() {
        return protocol;
    }

    public synchronized int attempts() {
        return attempts;
    }

    public synchronized int redirects() {
        return redirects;
    }

    public synchronized String finalUrl() {
        return finalUrl;
    }

    PhaseClock clock() {
        return clock;
    }

    /**
     * @param requestStartNanos when the URL's request started
     * @param endNanos          when its result is recorded
     * @return the final hop's phase timings, or null when no request was made
     */
    public PhaseTimings timings(long requestStartNanos, long endNanos) {
        return clock.timings(requestStartNanos, endNanos);
    }
}
