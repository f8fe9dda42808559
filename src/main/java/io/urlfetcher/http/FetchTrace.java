package io.urlfetcher.http;

import io.urlfetcher.PhaseTimings;

/**
 * What HttpClient did for one URL: how many attempts (first try and retries), how many redirects were followed, the
 * last URL requested and whether any response came. {@link PhaseTimingExecHandler} notes each hop as the exec chain
 * starts it, before any connection (so a refused connection is an attempt), and {@link FetchActivityListener} each
 * response head. A hop that follows a redirect response is a redirect hop; any other is an attempt. Its
 * {@link PhaseClock} is stamped by HttpClient's exec chain, hop by hop.
 */
public final class FetchTrace {

    private int attempts;
    private int redirects;
    private String finalUrl;
    private boolean lastResponseRedirected;
    private boolean answered;
    private final PhaseClock clock = new PhaseClock();

    /** HttpClient starts a hop for this URL: a first try, a retry or a redirect's next request. */
    synchronized void hopStarted(String url) {
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
        answered = true;
        lastResponseRedirected = status >= 300 && status < 400 && hasLocation;
    }

    public synchronized String protocol() {
        return protocol;
    }

    /** Whether any hop got a response head (a status line): the host answered in HTTP. */
    public synchronized boolean answered() {
        return answered;
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
