package io.urlfetcher.http;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.SessionInputBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * One connection's response parser, keeping a hold of the input buffer it is handed: the connection's own, which
 * HttpClient does not expose otherwise. {@link ReuseCheckedConnection} asks it what is buffered past a response.
 */
final class InputBufferTap implements HttpMessageParser<ClassicHttpResponse> {

    private HttpMessageParser<ClassicHttpResponse> parser;
    private volatile SessionInputBuffer buffer;

    /** Set once, when the connection's constructor asks its parser factory for a parser. */
    InputBufferTap around(HttpMessageParser<ClassicHttpResponse> parser) {
        this.parser = parser;
        return this;
    }

    /** The connection's input buffer; null before its first response. */
    SessionInputBuffer buffer() {
        return buffer;
    }

    @Override
    public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream in) throws IOException, HttpException {
        this.buffer = buffer;
        return parser.parse(buffer, in);
    }
}
