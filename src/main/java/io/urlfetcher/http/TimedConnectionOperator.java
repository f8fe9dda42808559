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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * HttpClient's own connection operator, stamping the URL's {@link PhaseClock} as it opens a connection: name
 * resolution, TCP connect and TLS handshake, through the hooks HttpClient 5.5 provides for that. It only runs when
 * a hop needs a new connection, which is how a reused one is told apart.
 * <p>
 * Knowing the TLS phase, it also reports a handshake that timed out as a TLS failure
 * ({@link ConnectionPhases.NoTlsAnswerException}), directly or through a proxy's tunnel, and notes on the request's
 * context when the server asked for a client certificate that was not given (for
 * {@link RefusedClientCertificateExecHandler}).
 */
final class TimedConnectionOperator extends DefaultHttpClientConnectionOperator {

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
        ConnectionPhases.opening(context, endpointHost);
        try {
            super.connect(connection, endpointHost, endpointName, localAddress, connectTimeout, socketConfig, attachment,
                    context);
            ConnectionPhases.noteMissingClientCertificate(connection.getSSLSession(), context);
        } catch (SocketTimeoutException e) {
            throw ConnectionPhases.whenTimedOut(e, context, handshakeTimeout);
        } finally {
            ConnectionPhases.tlsOver(context);
        }
    }

    /**
     * TLS over a proxy's CONNECT tunnel: HttpClient's upgrade applies no handshake timeout (its connect does), so a
     * target that never answers the ClientHello would hold the URL until its deadline. Here it gets the same
     * handshake timeout, and the same TLS failure, as a direct connection.
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
            ConnectionPhases.noteMissingClientCertificate(connection.getSSLSession(), context);
        } catch (SocketTimeoutException e) {
            throw ConnectionPhases.whenTimedOut(e, context, handshakeTimeout);
        } finally {
            ConnectionPhases.tlsOver(context);
            if (socket != null && !socket.isClosed()) {
                socket.setSoTimeout(readTimeout); // the TLS socket is layered on this one: it reads with its timeout
            }
        }
    }

    @Override
    protected void onBeforeSocketConnect(HttpContext context, HttpHost endpointHost) {
        ConnectionPhases.socketConnecting(PhaseTimingExecHandler.clock(context)); // the name is resolved by now
    }

    @Override
    protected void onAfterSocketConnect(HttpContext context, HttpHost endpointHost) {
        ConnectionPhases.socketConnected(context);
    }

    @Override
    protected void onBeforeTlsHandshake(HttpContext context, HttpHost endpointHost) {
        ConnectionPhases.tlsStarted(context);
    }

    @Override
    protected void onAfterTlsHandshake(HttpContext context, HttpHost endpointHost) {
        ConnectionPhases.tlsDone(context);
    }
}
