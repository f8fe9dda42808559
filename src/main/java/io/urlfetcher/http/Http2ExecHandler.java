package io.urlfetcher.http;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.compat.ClassicToAsyncAdaptor;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicMarkableReference;

/**
 * The last step of the classic exec chain before it would open a connection: with {@code fetch.http2}, an https
 * request that goes direct is sent by HttpClient 5's async client instead (HTTP/2 when the server offers it by ALPN,
 * else HTTP/1.1), through HttpClient's own classic-over-async bridge ({@link ClassicToAsyncAdaptor}). Everything above
 * this step stays as it is: the deadline and body cap, redirects, retries, credentials, phase timings. Plain http URLs
 * and proxied ones go on down the classic chain (HTTP/1.1), as curl {@code --http2} keeps them too (it offers h2 only
 * by ALPN, and h2c by an Upgrade that nginx does not answer).
 */
final class Http2ExecHandler implements ExecChainHandler {

    static final String NAME = "url-fetcher-http2";

    /** Connection-specific header fields: forbidden in HTTP/2 (RFC 9113 8.2.2); the async client sets its own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "host", "te");

    private final ClassicToAsyncAdaptor client;
    private final AsyncConnectionFailures failures;

    /**
     * @param client   the async client, already started, behind the bridge
     * @param failures why its connections failed, for a request that got only "connection closed"
     */
    Http2ExecHandler(ClassicToAsyncAdaptor client, AsyncConnectionFailures failures) {
        this.client = client;
        this.failures = failures;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        HttpRoute route = scope.route;
        if (!route.isSecure() || route.getProxyHost() != null) {
            return chain.proceed(request, scope);
        }
        CancellableRequest copy = new CancellableRequest(request);
        if (scope.originalRequest instanceof CancellableDependency original) {
            // The deadline and the run's stop cancel the URL's request: that now reaches the async exchange.
            original.setDependency(copy);
        }
        try {
            ClassicHttpResponse response = client.executeOpen(route.getTargetHost(), copy, scope.clientContext);
            if (response.getHeaders().length > FetchHttpClientConfigurer.MAX_HEADER_COUNT) {
                // HTTP/2 has no count limit of its own (H2Config bounds the header list's bytes): the classic one, here.
                response.close(); // resets the stream: its body is not wanted
                throw new MessageConstraintException("Maximum header count exceeded: "
                        + response.getHeaders().length + " header fields, more than " + FetchHttpClientConfigurer.MAX_HEADER_COUNT);
            }
            if (response.getVersion() == null) {
                // An HTTP/2 response head carries no version: the connection's negotiated protocol is the one.
                response.setVersion(scope.clientContext.getProtocolVersion());
            }
            return response;
        } catch (org.apache.hc.client5.http.impl.compat.TransportException e) {
            // The bridge wraps the transport's failure; the retry strategy and the classifier judge the failure itself.
            if (e.getCause() instanceof ConnectionClosedException closed) {
                throw whyClosed(closed, scope);
            }
            throw e.getCause() instanceof IOException cause ? cause : e;
        } catch (org.apache.hc.client5.http.impl.compat.ProtocolException e) {
            if (e.getCause() instanceof HttpException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The failure of the connection this request opened, when HttpCore told it only that the connection closed. */
    private IOException whyClosed(ConnectionClosedException closed, ExecChain.Scope scope) {
        Object opened = scope.clientContext.getAttribute(TimedAsyncConnectionOperator.OPENED_CONNECTION);
        IOException cause = failures.take(opened instanceof String id ? id : null);
        if (cause == null) {
            return closed;
        }
        cause.addSuppressed(closed);
        return cause;
    }

    /** The request without its HTTP/1 connection fields, cancellable so that the bridge can hang its exchange on it. */
    private static final class CancellableRequest extends BasicClassicHttpRequest implements CancellableDependency {
        private final AtomicMarkableReference<Cancellable> dependency = new AtomicMarkableReference<>(null, false);

        CancellableRequest(ClassicHttpRequest request) {
            super(request.getMethod(), request.getScheme(), request.getAuthority(), request.getPath());
            setVersion(request.getVersion());
            for (Header header : request.getHeaders()) {
                if (!HOP_BY_HOP.contains(header.getName().toLowerCase(Locale.ROOT))) {
                    addHeader(header);
                }
            }
            setEntity(request.getEntity());
        }

        @Override
        public void setDependency(Cancellable cancellable) {
            while (true) {
                Cancellable previous = dependency.getReference();
                if (dependency.isMarked()) {
                    cancellable.cancel(); // cancelled before the exchange started: stop it at once
                    return;
                }
                if (dependency.compareAndSet(previous, cancellable, false, false)) {
                    return;
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return dependency.isMarked();
        }

        @Override
        public boolean cancel() {
            while (!dependency.isMarked()) {
                Cancellable current = dependency.getReference();
                if (dependency.compareAndSet(current, current, false, true)) {
                    return current == null || current.cancel();
                }
            }
            return false;
        }
    }
}
