package io.urlfetcher.http;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.SessionInputBufferImpl;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An empty reply and a reply of garbage both end without a response; only the empty one is a closed connection. */
class ReplyAwareResponseParserTest {

    private final HttpMessageParser<ClassicHttpResponse> parser =
            ReplyAwareResponseParser.factory(Http1Config.DEFAULT).create();

    private ClassicHttpResponse parse(String reply) throws IOException, HttpException {
        return parse(parser, reply);
    }

    private static ClassicHttpResponse parse(HttpMessageParser<ClassicHttpResponse> parser, String reply)
            throws IOException, HttpException {
        InputStream in = new ByteArrayInputStream(reply.getBytes(StandardCharsets.ISO_8859_1));
        return parser.parse(new SessionInputBufferImpl(4096), in);
    }

    @Test
    void nothingAtAllIsNoResponseAsHttpClientSaysIt() throws IOException, HttpException {
        assertThat(parse("")).isNull(); // HttpClient turns this into NoHttpResponseException: connection_closed
    }

    @Test
    void bytesThatNeverMadeAStatusLineAreAProtocolError() {
        assertThatThrownBy(() -> parse("\r\n\r\n")).isInstanceOf(ProtocolException.class) // HttpClient: "no response"
                .hasMessage("the server sent 4 bytes without a valid HTTP status line, then closed the connection");
        assertThatThrownBy(() -> parse("\u0001\u0002 no line end")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void theParserAConnectionAsksForKeepsTheFactorysHeaderLimits() throws IOException, HttpException {
        // HttpCore 5.3's connection calls create() with no config: the limits must come with the factory.
        HttpMessageParser<ClassicHttpResponse> limited = ReplyAwareResponseParser.factory(
                Http1Config.custom().setMaxHeaderCount(3).build()).create();
        assertThat(parse(limited, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n").getHeaders()).hasSize(2);
        assertThatThrownBy(() -> parse(limited, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"))
                .isInstanceOf(MessageConstraintException.class);
    }

    @Test
    void aResponseIsParsedAsBefore() throws IOException, HttpException {
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n").getCode()).isEqualTo(204);
    }
}
