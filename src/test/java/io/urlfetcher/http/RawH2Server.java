package io.urlfetcher.http;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TLS server on 127.0.0.1 that agrees to h2 by ALPN and then misbehaves in one fixed way, written frame by frame
 * (RFC 9113): it answers with bytes that are not HTTP/2, resets the request's stream, closes the connection, or says
 * nothing at all. Its sockets time out after 10 s and are closed with it.
 */
final class RawH2Server implements AutoCloseable {

    enum Misbehaviour { GARBAGE, RESET_STREAM, CLOSE, SILENCE }

    /** An empty SETTINGS frame: length 0, type 4, no flags, stream 0. */
    private static final byte[] SETTINGS = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };
    /** SETTINGS with the ACK flag, answering the client's. */
    private static final byte[] SETTINGS_ACK = { 0, 0, 0, 4, 1, 0, 0, 0, 0 };
    /** RST_STREAM on stream 1 with INTERNAL_ERROR (2). */
    private static final byte[] RST_STREAM_1 = { 0, 0, 4, 3, 0, 0, 0, 0, 1, 0, 0, 0, 2 };
    private static final int CLIENT_PREFACE_BYTES = 24;

    private final Misbehaviour misbehaviour;
    private final SSLServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawH2Server(TestCertificates.Issued certificate, Misbehaviour misbehaviour) throws Exception {
        this.misbehaviour = misbehaviour;
        server = (SSLServerSocket) certificate.sslContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SSLParameters parameters = server.getSSLParameters();
        parameters.setApplicationProtocols(new String[] { "h2" });
        server.setSSLParameters(parameters);
        acceptor = new Thread(this::serve, "raw-h2-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "https://localhost:" + server.getLocalPort() + path;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                clients.add(client);
                client.setSoTimeout(10_000);
                Thread handler = new Thread(() -> misbehave(client), "raw-h2-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void misbehave(SSLSocket client) {
        try (client) {
            client.startHandshake();
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            in.readNBytes(CLIENT_PREFACE_BYTES);
            switch (misbehaviour) {
                case GARBAGE -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".getBytes());
                case RESET_STREAM -> {
                    out.write(SETTINGS);
                    out.write(SETTINGS_ACK);
                    out.flush();
                    readFrameHeaders(in, 3); // the client's SETTINGS, and the request's HEADERS (and maybe a window update)
                    out.write(RST_STREAM_1);
                }
                case CLOSE -> {
                    return;
                }
                case SILENCE -> in.readNBytes(1 << 20); // until the client gives up and closes, or 10 s
            }
            out.flush();
            in.readNBytes(1 << 20); // keep the connection until the client closes it
        } catch (IOException e) {
            // the client went away: nothing to do
        }
    }

    /** Reads up to {@code frames} frames (header and payload), stopping at the first HEADERS frame (type 1). */
    private static void readFrameHeaders(InputStream in, int frames) throws IOException {
        for (int i = 0; i < frames; i++) {
            byte[] header = in.readNBytes(9);
            if (header.length < 9) {
                return;
            }
            int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
            in.readNBytes(length);
            if (header[3] == 1) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
        acceptor.join(5_000);
    }
}
