package io.urlfetcher.http;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.SocketException;

/**
 * In TLS 1.3 a server that needs a client certificate it did not get refuses only after the handshake has completed
 * on our side: the request then meets a closed connection, which would pass for a protocol error. When the server
 * had asked for a certificate on this new connection and none was given ({@link ClientTls} notes that), the failure
 * is reported as what it is.
 */
final class RefusedClientCertificateExecHandler implements ExecChainHandler {

    static final String NAME = "url-fetcher-client-certificate";

    /** The server closed a connection it had asked a client certificate for, and got none. */
    static final class ClientCertificateRefusedException extends SSLHandshakeException {
        ClientCertificateRefusedException(IOException cause) {
            super("the server asked for a client certificate, none was given, and it closed the connection");
            initCause(cause);
        }
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        scope.clientContext.removeAttribute(ClientTls.NO_CLIENT_CERTIFICATE); // set anew by a new connection only
        try {
            return chain.proceed(request, scope);
        } catch (NoHttpResponseException | ConnectionClosedException | SocketException e) {
            if (scope.clientContext.getAttribute(ClientTls.NO_CLIENT_CERTIFICATE) != null) {
                throw new ClientCertificateRefusedException(e);
            }
            throw e;
        }
    }
}
