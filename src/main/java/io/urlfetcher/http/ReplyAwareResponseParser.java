package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * HttpClient's response parser, telling apart the two replies it reports alike as
 * {@link org.apache.hc.core5.http.NoHttpResponseException}: a connection closed before any byte arrived (left as
 * it is: {@link Outcome#CONNECTION_CLOSED}) and bytes that never made a status line before the close (garbage, a
 * bad status line: a {@link ProtocolException}, so {@link Outcome#PROTOCOL_ERROR}).
 */
final class ReplyAwareResponseParser implements HttpMessageParser<ClassicHttpResponse> {

    /**
     * The factory for connections with these limits (header count, line length). HttpCore 5.3's connection asks its
     * factory for a parser with {@code create()}, without a config, which by default means {@link Http1Config#DEFAULT}:
     * no header count limit. So the limits travel with the factory, as with HttpCore's own.
     */
    static HttpMessageParserFactory<ClassicHttpResponse> factory(Http1Config config) {
        DefaultHttpResponseParserFactory parsers = new DefaultHttpResponseParserFactory(config);
        return new HttpMessageParserFactory<>() {
            @Override
            public HttpMessageParser<ClassicHttpResponse> create() {
                return new ReplyAwareResponseParser(parsers.create());
            }

            @Deprecated
            @Override
            public HttpMessageParser<ClassicHttpResponse> create(Http1Config ignored) {
                return create(); // the factory's own limits, whatever the caller passes
            }
        };
    }

    private final HttpMessageParser<ClassicHttpResponse> parser;

    private ReplyAwareResponseParser(HttpMessageParser<ClassicHttpResponse> parser) {
        this.parser = parser;
    }

    @Override
    public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream in) throws IOException, HttpException {
        long buffered = buffer.length(); // already read from the socket, not yet parsed: part of this reply
        long transferred = buffer.getMetrics().getBytesTransferred();
        ClassicHttpResponse response = parser.parse(buffer, in);
        if (response == null) {
            long received = buffered + buffer.getMetrics().getBytesTransferred() - transferred;
            if (received > 0) {
                throw new ProtocolException("the server sent " + received
                        + " bytes without a valid HTTP status line, then closed the connection");
            }
        }
        return response;
    }
}
