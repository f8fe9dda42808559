package io.urlfetcher.http;

import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;

import java.io.IOException;
import java.net.Socket;

/**
 * Makes HttpClient's own connections, each wrapped in a {@link ReuseCheckedConnection}. A connection gets a factory of
 * its own for its one parser, through which the check sees the connection's input buffer.
 */
final class ReuseCheckedConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

    private final Http1Config config;
    private final HttpMessageParserFactory<ClassicHttpResponse> parsers;

    ReuseCheckedConnectionFactory(Http1Config config, HttpMessageParserFactory<ClassicHttpResponse> parsers) {
        this.config = config;
        this.parsers = parsers;
    }

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        InputBufferTap tap = new InputBufferTap();
        ManagedHttpClientConnection connection = new ManagedHttpClientConnectionFactory(config, CharCodingConfig.DEFAULT,
                null, ignored -> tap.around(parsers.create())).createConnection(null);
        ReuseCheckedConnection checked = new ReuseCheckedConnection(connection, tap);
        if (socket != null) {
            checked.bind(socket);
        }
        return checked;
    }
}
