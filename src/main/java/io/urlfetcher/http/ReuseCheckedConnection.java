package io.urlfetcher.http;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 connection that goes back to the pool, and out of it to the next request, only while no byte waits on it
 * that no request asked for. Bytes past the end of a response (more than its Content-Length, a body after a HEAD, 204
 * or 304) would otherwise be read as the next request's response: another URL's, or through a proxy another host's.
 * HttpClient's own checks look only at the headers ({@code Connection: close}, HTTP/1.0) and at a closed socket.
 * <p>
 * Checked twice: when the connection is released (HttpClient's {@link #isConsistent()}), and when it is leased again
 * ({@link #isStale()}, asked at every lease), for bytes that arrived in between. Both checks are non-blocking: the
 * connection's own buffer, then what the sockets hold.
 */
final class ReuseCheckedConnection implements ManagedHttpClientConnection, Identifiable {

    /** Idle longer than this, a lease also asks the connection itself whether the server closed it (a 1 ms read). */
    static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ManagedHttpClientConnection connection;
    private final InputBufferTap input;
    private volatile Socket plainSocket;
    private volatile long passivatedNanos = System.nanoTime();

    ReuseCheckedConnection(ManagedHttpClientConnection connection, InputBufferTap input) {
        this.connection = connection;
        this.input = input;
    }

    /** Whether a byte is buffered or readable now; never waits. */
    private boolean bytesWaiting() throws IOException {
        SessionInputBuffer buffer = input.buffer();
        if (buffer != null && buffer.length() > 0) {
            return true;
        }
        Socket socket = connection.getSocket();
        if (socket == null || socket.isClosed()) {
            return false;
        }
        if (socket.getInputStream().available() > 0) { // for TLS: records decrypted, not yet read
            return true;
        }
        Socket plain = plainSocket;
        return plain != null && plain != socket && !plain.isClosed() && plain.getInputStream().available() > 0;
    }

    private boolean unsolicited() {
        try {
            return bytesWaiting();
        } catch (IOException e) {
            return true; // a connection that cannot say is not one to reuse
        }
    }

    @Override
    public boolean isConsistent() {
        return connection.isConsistent() && !unsolicited();
    }

    @Override
    public boolean isStale() throws IOException {
        if (!connection.isOpen() || unsolicited()) {
            return true;
        }
        return System.nanoTime() - passivatedNanos >= IDLE_CHECK_NANOS && connection.isStale();
    }

    @Override
    public void passivate() {
        passivatedNanos = System.nanoTime();
        connection.passivate();
    }

    @Override
    public void activate() {
        connection.activate();
    }

    @Override
    public void bind(Socket socket) throws IOException {
        plainSocket = socket;
        connection.bind(socket);
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        plainSocket = socket;
        connection.bind(sslSocket, socket);
    }

    @Override
    public Socket getSocket() {
        return connection.getSocket();
    }

    @Override
    public SSLSession getSSLSession() {
        return connection.getSSLSession();
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        connection.sendRequestHeader(request);
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        connection.terminateRequest(request);
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        connection.sendRequestEntity(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        return connection.receiveResponseHeader();
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        connection.receiveResponseEntity(response);
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        return connection.isDataAvailable(timeout);
    }

    @Override
    public void flush() throws IOException {
        connection.flush();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        connection.close(closeMode);
    }

    @Override
    public EndpointDetails getEndpointDetails() {
        return connection.getEndpointDetails();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return connection.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return connection.getRemoteAddress();
    }

    @Override
    public ProtocolVersion getProtocolVersion() {
        return connection.getProtocolVersion();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
        return connection.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        connection.setSocketTimeout(timeout);
    }

    @Override
    public String getId() {
        return connection instanceof Identifiable identifiable ? identifiable.getId() : toString();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
