package io.urlfetcher.http;

import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import java.net.SocketTimeoutException;

/**
 * What both connection openers, the classic one ({@link TimedConnectionOperator}) and the async one of
 * {@code fetch.http2} ({@link TimedAsyncConnectionOperator}), note while a connection opens: the phase stamps on the
 * URL's {@link PhaseClock}, whether the TLS handshake is under way (so that a silence there is a TLS failure), and a
 * client certificate the server asked for in vain.
 */
final class ConnectionPhases {

    /** The TLS handshake timed out: the server sent no TLS answer in time (a plain-HTTP port waits for a request). */
    static final class NoTlsAnswerException extends SSLHandshakeException {
        NoTlsAnswerException(Timeout handshakeTimeout, SocketTimeoutException cause) {
            super("no TLS answer from the server within " + handshakeTimeout.toMilliseconds() + " ms (a plain-HTTP port?)");
            initCause(cause);
        }
    }

    /** Context attribute: set while the request's connection does its TLS handshake. */
    private static final String HANDSHAKING = "url-fetcher.tls-handshaking";

    private ConnectionPhases() {
    }

    /** A new connection starts opening: it resolves the host name next. */
    static void opening(HttpContext context) {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.connectionOpening(System.nanoTime());
        }
    }

    /** The host name is resolved: the TCP connect starts. */
    static void socketConnecting(PhaseClock clock) {
        if (clock != null) {
            clock.socketConnecting(System.nanoTime());
        }
    }

    static void socketConnected(HttpContext context) {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.socketConnected(System.nanoTime());
        }
    }

    static void tlsStarted(HttpContext context) {
        if (context != null) {
            context.setAttribute(HANDSHAKING, Boolean.TRUE);
        }
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.tlsStarted(System.nanoTime());
        }
    }

    static void tlsDone(HttpContext context) {
        tlsOver(context);
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.tlsDone(System.nanoTime());
        }
    }

    /** The handshake ended, done or failed. */
    static void tlsOver(HttpContext context) {
        if (context != null) {
            context.removeAttribute(HANDSHAKING);
        }
    }

    /**
     * A silent TLS handshake is a TLS failure, not a slow response: nothing to retry or wait longer for.
     *
     * @return the failure to report for this timeout: a {@link NoTlsAnswerException} during the handshake, else itself
     */
    static java.io.IOException whenTimedOut(SocketTimeoutException timeout, HttpContext context, Timeout handshakeTimeout) {
        return context != null && context.getAttribute(HANDSHAKING) != null
                ? new NoTlsAnswerException(handshakeTimeout, timeout) : timeout;
    }

    /** A server that asked for a client certificate and got none may close the connection next: note it for the request. */
    static void noteMissingClientCertificate(SSLSession session, HttpContext context) {
        if (context != null && session != null && session.getValue(ClientTls.NO_CLIENT_CERTIFICATE) != null) {
            context.setAttribute(ClientTls.NO_CLIENT_CERTIFICATE, Boolean.TRUE);
        }
    }
}
