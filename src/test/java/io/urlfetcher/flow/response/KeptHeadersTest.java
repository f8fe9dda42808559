package io.urlfetcher.flow.response;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeptHeadersTest {

    private static Message response() {
        CamelContext camel = new DefaultCamelContext();
        Message message = new DefaultMessage(camel);
        message.setHeader("ETag", "\"v1\"");
        message.setHeader("Set-Cookie", List.of("sid=abc; Path=/; HttpOnly", "flag"));
        message.setHeader("Content-Type", "text/html");
        message.setHeader("CamelHttpResponseCode", 200);
        return message;
    }

    @Test
    void namedHeadersComeLowerCasedWithEveryValueAndCookiesRedacted() {
        Map<String, List<String>> kept = new KeptHeaders(List.of("etag", "set-cookie")).of(response());

        assertThat(kept).containsOnlyKeys("etag", "set-cookie").containsEntry("etag", List.of("\"v1\""))
                .containsEntry("set-cookie", List.of("sid=***; Path=/; HttpOnly", "***"));
    }

    @Test
    void aStarKeepsAllButCamelsOwn() {
        assertThat(new KeptHeaders(List.of("*")).of(response())).containsOnlyKeys("etag", "set-cookie", "content-type");
        assertThat(new KeptHeaders(List.of()).of(response())).isNull();
    }

    @Test
    void echoedCredentialsLoseTheirValues() {
        assertThat(KeptHeaders.shown("authorization", "Bearer t0ken")).isEqualTo("***");
        assertThat(KeptHeaders.shown("x-other", "kept")).isEqualTo("kept");
    }
}
