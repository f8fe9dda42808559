package io.urlfetcher;

/**
 * What HttpClient did for one URL, fed by {@link FetchActivityListener} request by request: how many
 * attempts (first try and retries), how many redirects were followed, and the last URL requested.
 * A request that follows a redirect response is a redirect hop; any other request is an attempt.
 */
public final class FetchTrace {

    private int attempts;
    private int redirects;
    private String finalUrl;
    private boolean lastResponseRedirected;

    synchronized void requestSent(String url) {
        if (lastResponseRedirected) {
            redirects++;
        } else {
            attempts++;
        }
        lastResponseRedirected = false;
        finalUrl = url;
    }

    synchronized void responseReceived(int status, boolean hasLocation) {
        lastResponseRedirected = status >= 300 && status < 400 && hasLocation;
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
}
