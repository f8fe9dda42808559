package io.urlfetcher.http;

import io.urlfetcher.Outcome;
import io.urlfetcher.http.HostCircuitBreakers.Verdict;

/**
 * What a finished URL tells about its host, for {@link HostCircuitBreakers}: the rule that tells a dead host from a
 * slow page.
 * <ul>
 * <li>{@link Verdict#FAILURE}, a dead-host signal: the connection was refused, the connect or the TLS handshake got no
 * answer in time, or the connection was reset or closed before any response byte.</li>
 * <li>{@link Verdict#SILENCE}: a timeout on an established connection before any response head. A slow page looks
 * like this, and so does a port that accepts and never answers; the breakers count it only while the host gave no
 * HTTP answer within the window.</li>
 * <li>{@link Verdict#SUCCESS}: a response head (any status line) came from the host, whatever happened next (a body
 * cut short or too slow, too large, a redirect not followed).</li>
 * <li>{@link Verdict#NEUTRAL}: everything else says nothing about the host (DNS, the SSRF guard, a proxy's failure, a
 * certificate problem, garbage instead of HTTP, lines never requested).</li>
 * </ul>
 */
public final class HostSignals {

    private HostSignals() {
    }

    /**
     * @param failure the exception that ended the fetch, or null
     * @param trace   what HttpClient did for the URL, or null when nothing was requested
     */
    public static Verdict verdict(Outcome outcome, Throwable failure, FetchTrace trace) {
        boolean answered = trace != null && trace.answered();
        boolean connected = trace != null && trace.clock().connectionReady();
        return verdict(outcome, failure, answered, connected);
    }

    /**
     * @param answered  whether any response head came for the URL
     * @param connected whether its last try had an established connection when it ended
     */
    static Verdict verdict(Outcome outcome, Throwable failure, boolean answered, boolean connected) {
        return switch (outcome) {
            case OK, HTTP_ERROR, BODY_TOO_LARGE, HEADERS_TOO_LARGE, REDIRECT_LIMIT, REDIRECT_BLOCKED, DELIVERY_FAILED ->
                    Verdict.SUCCESS;
            case CONNECTION_REFUSED -> Verdict.FAILURE;
            case CONNECTION_RESET, CONNECTION_CLOSED -> answered ? Verdict.SUCCESS : Verdict.FAILURE;
            case TIMEOUT -> answered ? Verdict.SUCCESS : connected ? Verdict.SILENCE : Verdict.FAILURE;
            case TLS_ERROR -> silentTls(failure) ? Verdict.FAILURE : Verdict.NEUTRAL;
            default -> Verdict.NEUTRAL;
        };
    }

    private static boolean silentTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectionPhases.NoTlsAnswerException) {
                return true;
            }
        }
        return false;
    }
}
