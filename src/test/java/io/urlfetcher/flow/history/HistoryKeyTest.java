package io.urlfetcher.flow.history;

import io.urlfetcher.core.UrlLine;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryKeyTest {

    private static UrlLine line(String url) {
        return UrlLine.accepted(0, 1, url, URI.create(url));
    }

    private static UrlLine request(String url, String method, Map<String, String> headers, String body,
                                   Map<String, Object> fields) {
        return line(url).withRequest(new UrlLine.Request(method, headers, body, fields));
    }

    @Test
    void theSameRequestHasTheSameKeyAndAnyPartOfItChangesIt() {
        String url = "http://127.0.0.1/a?q=1";
        String key = HistoryKey.of(line(url));

        assertThat(HistoryKey.of(line(url))).isEqualTo(key).isEqualTo("GET http://127.0.0.1/a?q=1");
        assertThat(HistoryKey.of(line(url + "#part"))).as("the fragment is not sent").isEqualTo(key);
        assertThat(HistoryKey.of(request(url, "GET", Map.of(), null, null))).isEqualTo(key);
        assertThat(HistoryKey.of(line("http://127.0.0.1/a?q=2"))).isNotEqualTo(key);
        assertThat(HistoryKey.of(request(url, "HEAD", Map.of(), null, null))).isNotEqualTo(key);
        assertThat(HistoryKey.of(request(url, "POST", Map.of(), "{}", null)))
                .isNotEqualTo(HistoryKey.of(request(url, "POST", Map.of(), "{\"a\":1}", null)));
        assertThat(HistoryKey.of(request(url, "GET", Map.of("Accept-Language", "de"), null, null)))
                .isEqualTo(HistoryKey.of(request(url, "GET", Map.of("accept-language", "de"), null, null)))
                .isNotEqualTo(HistoryKey.of(request(url, "GET", Map.of("Accept-Language", "fr"), null, null)));
        assertThat(HistoryKey.of(line("http://user:pw1@127.0.0.1/a?q=1")))
                .isNotEqualTo(HistoryKey.of(line("http://user:pw2@127.0.0.1/a?q=1"))).doesNotContain("pw1", "user")
                .startsWith("GET http://127.0.0.1/a?q=1 #");
        assertThat(HistoryKey.of(request(url, "POST", Map.of("Authorization", "Bearer s3cret"), "{}", null)))
                .startsWith("POST http://127.0.0.1/a?q=1 #").doesNotContain("s3cret", "{}");
        assertThat(HistoryKey.of(line("http://127.0.0.1/" + "x".repeat(HistoryKey.MAX_KEY)))).startsWith("req:").hasSize(68);
    }

    @Test
    void aJsonLinesRequestsIdIsItsKey() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", 42);
        assertThat(HistoryKey.of(request("http://127.0.0.1/x", "GET", Map.of(), null, fields))).isEqualTo("id:42");
        fields.put("id", "x".repeat(HistoryKey.MAX_ID + 1));
        assertThat(HistoryKey.of(request("http://127.0.0.1/x", "GET", Map.of(), null, fields))).startsWith("id#").hasSize(67);
    }

    @Test
    void theUrlTheHistoryShowsHasNoUserPasswordOrFragment() {
        assertThat(HistoryKey.shownUrl(URI.create("http://user:s3cret@127.0.0.1:8080/a%20b?q=1#frag")))
                .isEqualTo("http://127.0.0.1:8080/a%20b?q=1");
        assertThat(HistoryKey.shownUrl(URI.create("https://127.0.0.1/p"))).isEqualTo("https://127.0.0.1/p");
    }
}
