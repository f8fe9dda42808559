package io.urlfetcher.flow.response;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class InlineBodyTest {

    private static InlineBody of(byte[] body, String contentType) {
        return InlineBody.of(body, body.length, contentType, 100);
    }

    @Test
    void textIsDecodedInTheCharsetTheTypeNames() {
        assertThat(of("café".getBytes(StandardCharsets.ISO_8859_1), "text/plain; charset=\"ISO-8859-1\"").text()).isEqualTo("café");
        assertThat(of("café".getBytes(StandardCharsets.UTF_8), "application/json").text()).isEqualTo("café");
        assertThat(of("<a/>".getBytes(StandardCharsets.UTF_8), "application/rss+xml").text()).isEqualTo("<a/>");
        assertThat(of("plain".getBytes(StandardCharsets.UTF_8), null).text()).isEqualTo("plain");
    }

    @Test
    void anythingElseIsLeftOutWithTheReason() {
        assertThat(of(new byte[] { 1, 2 }, "image/png")).isEqualTo(new InlineBody(null, "not text: Content-Type image/png"));
        assertThat(InlineBody.of(null, 5000, "text/html", 100).reason())
                .isEqualTo("larger than the inline limit: 5000 bytes, limit 100");
        assertThat(of(new byte[] { (byte) 0xc3, (byte) 0x28 }, "text/plain").reason()).isEqualTo("not valid UTF-8 text");
        assertThat(of("x".getBytes(StandardCharsets.UTF_8), "text/plain; charset=no-such-charset").reason())
                .startsWith("unknown charset");
    }
}
