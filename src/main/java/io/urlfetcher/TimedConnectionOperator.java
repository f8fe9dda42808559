package io.urlfetcher;

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

/**
 * HttpClient's own connection operator, stamping the URL's {@link PhaseClock} as it opens a connection: name
 * resolution, TCP connect and TLS handshake, through the hooks HttpClient 5.5 provides for that. It only runs when
 * a hop needs a new connection, which is how a reused one is told apart.
 */
final class TimedConnectionOperator extends DefaultHttpClientConnectionOperator {

    TimedConnectionOperator(SchemePortResolver schemePortResolver, DnsResolver dnsResolver,
                            Lookup<TlsSocketStrategy> tlsSocketStrategies) {
        super(schemePortResolver, dnsResolver, tlsSocketStrategies);
    }

    @Override
    public void connect(ManagedHttpClientConnection connection, HttpHost endpointHost, NamedEndpoint endpointName,
                        InetSocketAddress localAddress, Timeout connectTimeout, SocketConfig socketConfig,
                        Object attachment, HttpContext context) throws IOException {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.connectionOpening(System.nanoTime());
        }
        super.connect(connection, endpointHost, endpointName, localAddress, connectTimeout, socketConfig, attachment,
                context);
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
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.tlsStarted(System.nanoTime());
        }
    }

    @Override
    protected void onAfterTlsHandshake(HttpContext context, HttpHost endpointHost) {
        PhaseClock clock = PhaseTimingExecHandler.clock(context);
        if (clock != null) {
            clock.tlsDone(System.nanoTime());
        }
    }
}
