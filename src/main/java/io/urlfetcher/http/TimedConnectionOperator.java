package io.urlfetcher.http;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * HttpClient's own connection operator, stamping the URL's {@link PhaseClock} as it opens a connection: name
 * resolution, TCP connect and TLS handshake, through the hooks HttpClient 5.5 provides for that. It only runs when
 * a hop needs a new connection, which is how a reused one is told apart.
 * <p>
 * Knowing the TLS phase, it also reports a handshake that timed out as a TLS failure ({@link NoTlsAnswerException}),
 * and notes on the request's context when the server asked for a client certificate that was not given (for
 * {@link RefusedClientCertificateExecHandler}). Both apply to direct connections; a TLS upgrade through a proxy
 * tunnel ({@code upgrade}) is timed but not yet covered.
 */
final class TimedConnectionOperator extends DefaultHttpClientConnectionOperator {

    /** The TLS handshake timed out: the server sent no TLS answer in time (a plain-HTTP port waits for a request). */
    static final class NoTlsAnswerException extends SSLHandshakeException {
        NoTlsAnswerException(Timeout handshakeTimeout, SocketTimeoutException cause) {
            super("no TLS answer from the server within " + handshakeTimeout.toMilliseconds() + " ms (a plain-HTTP port?)");
            initCause(cause);
        }
    }

    private static final String HANDSHAKING = "url-fetcher.tls-handshaking";

    private final Timeout handshakeTimeout;

    TimedConnectionOperator(SchemePortResolver schemePortResolver, DnsResolver dnsResolver,
                            Lookup<TlsSocketStrategy> tlsSocketStrategies, Timeout handshakeTimeout) {
        super(schemePortResolver, dnsResolver, tlsSocketStrategies);
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public void connect(ManagedHttpClientConnection connection, HttpHost endpointHost, NamedEndpoint endpointName,
                        InetSocketAddress localAddress, Timeout connectTimeout, SocketConfig socketConfig,
                        Object attachment, HttpContext context) throws IOException {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.connectionOpening(System.nanoTime());
        }
        try {
            super.connect(connection, endpointHost, endpointName, localAddress, connectTimeout, socketConfig, attachment,
                    context);
            noteMissingClientCertificate(connection, context);
        } catch (SocketTimeoutException e) {
            // A silent TLS handshake is a TLS failure, not a slow response: nothing to retry or wait longer for.
            if (context != null && context.getAttribute(HANDSHAKING) != null) {
                throw new NoTlsAnswerException(handshakeTimeout, e);
            }
            throw e;
        } finally {
            if (context != null) {
                context.removeAttribute(HANDSHAKING);
            }
        }
    }

    /**
     * TLS over a proxy's CONNECT tunnel: HttpClient's upgrade applies no handshake timeout (its connect does), so a
     * target that never answers the ClientHello would hold the URL until its deadline. Here it gets the same
     * handshake timeout, and the same {@link NoTlsAnswerException}, as a direct connection.
     */
    @Override
    public void upgrade(ManagedHttpClientConnection connection, HttpHost endpointHost, NamedEndpoint endpointName,
                        Object attachment, HttpContext context) throws IOException {
        Socket socket = connection.getSocket();
        int readTimeout = socket == null ? 0 : socket.getSoTimeout();
        if (socket != null) {
            socket.setSoTimeout(handshakeTimeout.toMillisecondsIntBound());
        }
        try {
            super.upgrade(connection, endpointHost, endpointName, attachment, context);
            noteMissingClientCertificate(connection, context);
        } catch (SocketTimeoutException e) {
            if (context != null && context.getAttribute(HANDSHAKING) != null) {
                throw new NoTlsAnswerException(handshakeTimeout, e);
            }
            throw e;
        } finally {
            if (context != null) {
                context.removeAttribute(HANDSHAKING);
            }
            if (socket != null && !socket.isClosed()) {
                socket.setSoTimeout(readTimeout); // the TLS socket is layered on this one: it reads with its timeout
            }
        }
    }

    /** A server that asked for a client certificate and got none may close the connection next: note it for the request. */
    private static void noteMissingClientCertificate(ManagedHttpClientConnection connection, HttpContext context) {
        SSLSession session = connection.getSSLSession();
        if (context != null && session != null && session.getValue(ClientTls.NO_CLIENT_CERTIFICATE) != null) {
            context.setAttribute(ClientTls.NO_CLIENT_CERTIFICATE, Boolean.TRUE);
        }
    }

    @Override
    protected void onBeforeSocketConnect(HttpContext context, HttpHost endpointHost) {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.socketConnecting(System.nanoTime());
        }
    }

    @Override
    protected void onAfterSocketConnect(HttpContext context, HttpHost endpointHost) {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.socketConnected(System.nanoTime());
        }
    }

    @Override
    protected void onBeforeTlsHandshake(HttpContext context, HttpHost endpointHost) {
        if (context != null) {
            context.setAttribute(HANDSHAKING, Boolean.TRUE);
        }
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.tlsStarted(System.nanoTime());
        }
    }

    @Override
    protected void onAfterTlsHandshake(HttpContext context, HttpHost endpointHost) {
        if (context != null) {
            context.removeAttribute(HANDSHAKING);
        }
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.tlsDone(System.nanoTime());
        }
    }
}
