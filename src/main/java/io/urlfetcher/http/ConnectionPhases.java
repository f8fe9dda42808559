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

        /** The URL's deadline passed while its connection was still in the handshake, {@code handshakeMillis} long. */
        NoTlsAnswerException(long handshakeMillis, long deadlineMillis) {
            super("no TLS answer from the server within " + handshakeMillis + " ms, when the URL's " + deadlineMillis
                  + " ms deadline passed (a plain-HTTP port?)");
        }
    }

    /**
     * Whether the URL's connection is in its TLS handshake, and since when: read by the deadline's sweep on another
     * thread, which the request's context (a plain map) does not allow. {@link RequestLimitsExecHandler} puts one in
     * the context of each URL's request; the connection openers mark the handshake's start and end on it.
     */
    static final class Handshake {
        private static final String ATTRIBUTE = "url-fetcher.tls-handshake";
        private static final long NONE = Long.MIN_VALUE;

        private volatile long startedNanos = NONE;

        /** A new watch, in the context of the request it is for. */
        static Handshake watch(HttpContext context) {
            Handshake handshake = new Handshake();
            context.setAttribute(ATTRIBUTE, handshake);
            return handshake;
        }

        private static Handshake of(HttpContext context) {
            return context != null && context.getAttribute(ATTRIBUTE) instanceof Handshake handshake ? handshake : null;
        }

        /** How long the handshake under way has run at {@code nowNanos}, or -1 when none is. */
        long runningMillis(long nowNanos) {
            long started = startedNanos;
            return started == NONE ? -1 : java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nowNanos - started);
        }
    }

    /** Context attribute: set while the request's connection does its TLS handshake. */
    private static final String HANDSHAKING = "url-fetcher.tls-handshaking";

    private ConnectionPhases() {
    }

    /** A new connection starts opening: it resolves the host name next, unless the host is an IP address. */
    static void opening(HttpContext context, org.apache.hc.core5.http.HttpHost host) {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            String name = host.getHostName().replaceAll("^\\[|]$", "");
            clock.connectionOpening(System.nanoTime(), host.getAddress() != null
                    || org.apache.hc.core5.net.InetAddressUtils.isIPv4(name)
                    || org.apache.hc.core5.net.InetAddressUtils.isIPv6(name)
                    || org.apache.hc.core5.net.InetAddressUtils.isIPv4MappedIPv6(name));
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
        Handshake handshake = Handshake.of(context);
        if (handshake != null) {
            handshake.startedNanos = System.nanoTime();
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
        Handshake handshake = Handshake.of(context);
        if (handshake != null) {
            handshake.startedNanos = Handshake.NONE;
        }
    }

    /** Whether the handshake timed out by itself: no abort of ours caused that failure. */
    static boolean noTlsAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoTlsAnswerException) {
                return true;
            }
        }
        return false;
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
