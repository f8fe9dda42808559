package io.urlfetcher.http;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.nio.DefaultAsyncClientConnectionOperator;
import org.apache.hc.client5.http.nio.ManagedAsyncClientConnection;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The async client's connection opener, timed like {@link TimedConnectionOperator} for the classic one: the URL's
 * {@link PhaseClock} gets the new connection's DNS, connect and TLS stamps, and a TLS handshake that gets no answer
 * within the handshake timeout is a TLS failure. The async operator resolves the name inside its connect call, on the
 * calling thread, so the resolver stamps the end of DNS through a thread-local set for that call.
 */
final class TimedAsyncConnectionOperator extends DefaultAsyncClientConnectionOperator {

    private static final ThreadLocal<PhaseClock> RESOLVING = new ThreadLocal<>();
    /** Context attribute: the id of the connection this request opened ({@link AsyncConnectionFailures}). */
    static final String OPENED_CONNECTION = "url-fetcher.opened-connection";

    private final Timeout handshakeTimeout;

    TimedAsyncConnectionOperator(Lookup<TlsStrategy> tlsStrategies, SchemePortResolver schemePortResolver,
                                 DnsResolver dnsResolver, Timeout handshakeTimeout) {
        super(tlsStrategies, schemePortResolver, new StampingResolver(dnsResolver));
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public Future<ManagedAsyncClientConnection> connect(ConnectionInitiator initiator, HttpHost endpointHost,
            NamedEndpoint endpointName, SocketAddress localAddress, Timeout connectTimeout, Object attachment,
            HttpContext context, FutureCallback<ManagedAsyncClientConnection> callback) {
        ConnectionPhases.opening(context, endpointHost);
        RESOLVING.set(PhaseTimingExecHandler.clock(context));
        try {
            return super.connect(initiator, endpointHost, endpointName, localAddress, connectTimeout, attachment, context,
                    new FutureCallback<>() {
                        @Override
                        public void completed(ManagedAsyncClientConnection connection) {
                            ConnectionPhases.noteMissingClientCertificate(connection.getSSLSession(), context);
                            if (context != null && connection instanceof Identifiable identified) {
                                context.setAttribute(OPENED_CONNECTION, identified.getId()); // its I/O session's id
                            }
                            callback.completed(connection);
                        }

                        @Override
                        public void failed(Exception e) {
                            callback.failed(e instanceof SocketTimeoutException timeout
                                    ? ConnectionPhases.whenTimedOut(timeout, context, handshakeTimeout) : e);
                            ConnectionPhases.tlsOver(context);
                        }

                        @Override
                        public void cancelled() {
                            callback.cancelled();
                        }
                    });
        } finally {
            RESOLVING.remove();
        }
    }

    @Override
    protected void onBeforeSocketConnect(HttpContext context, HttpHost endpointHost) {
        // Here the name is not resolved yet: StampingResolver marks the socket connect's start.
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

    /** Marks the end of DNS (the socket connect's start) on the clock of the connect call running on this thread. */
    private static final class StampingResolver implements DnsResolver {
        private final DnsResolver delegate;

        StampingResolver(DnsResolver delegate) {
            this.delegate = delegate;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = delegate.resolve(host);
            stamp();
            return addresses;
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetSocketAddress> addresses = delegate.resolve(host, port);
            stamp();
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return delegate.resolveCanonicalHostname(host);
        }

        private static void stamp() {
            ConnectionPhases.socketConnecting(RESOLVING.get());
        }
    }
}
