package io.urlfetcher.http;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.net.URIAuthority;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class FetchActivityListenerTest {

    @Test
    void protocolsAreNamedAsCurlNamesThem() {
        assertThat(FetchActivityListener.protocol(HttpVersion.HTTP_1_1)).isEqualTo("HTTP/1.1");
        assertThat(FetchActivityListener.protocol(new ProtocolVersion("HTTP", 1, 1))).isEqualTo("HTTP/1.1");
        assertThat(FetchActivityListener.protocol(HttpVersion.HTTP_1_0)).isEqualTo("HTTP/1.0");
        assertThat(FetchActivityListener.protocol(HttpVersion.HTTP_2_0)).isEqualTo("HTTP/2");
        assertThat(FetchActivityListener.protocol(HttpVersion.HTTP_0_9)).isEqualTo("HTTP/0.9");
        assertThat(FetchActivityListener.protocol(null)).isNull();
    }

    @Test
    void theUrlIsTheOneHttpClientGives() throws Exception {
        for (String url : new String[] {"http://127.0.0.1:8080/bytes/1k?i=1", "https://example.com", "http://[::1]:81/a%20b?q=%C3%A9#f",
            "http://Example.COM/x/../y;p?a=1&b", "http://h/?", "http://h/%7e~"}) {
            HttpGet request = new HttpGet(URI.create(url));
            assertThat(FetchActivityListener.url(HttpHost.create(URI.create(url)), request))
                    .as(url).isEqualTo(request.getUri().toString());
        }
    }

    @Test
    void aRequestAsTheExecChainSendsIt() throws Exception {
        // The exec chain's copy: scheme, authority and a path with its query, set one by one.
        BasicClassicHttpRequest request = new BasicClassicHttpRequest("GET", "/bytes/1k?i=7");
        request.setScheme("http");
        request.setAuthority(new URIAuthority("127.0.0.1", 40123));

        assertThat(FetchActivityListener.url(new HttpHost("http", "127.0.0.1", 40123), request))
                .isEqualTo(request.getUri().toString()).isEqualTo("http://127.0.0.1:40123/bytes/1k?i=7");
    }

    @Test
    void withoutAnAuthorityItFallsBackToTheHost() throws Exception {
        BasicClassicHttpRequest request = new BasicClassicHttpRequest("GET", "/x");

        assertThat(FetchActivityListener.url(new HttpHost("http", "h", 81), request)).isEqualTo(request.getUri().toString());
    }
}
