package io.urlfetcher.flow.list;

import io.urlfetcher.Outcome;
import io.urlfetcher.core.UrlLine;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** JSON Lines requests: what a good line carries, and the one clear reason a bad line gets. */
class JsonRequestParserTest {

    private final UrlListParser parser = new UrlListParser(true);

    private List<UrlLine> jsonl(String text) {
        List<UrlLine> lines = new ArrayList<>();
        parser.lines(new StringReader(text), InputFormat.JSONL).forEachRemaining(lines::add);
        return lines;
    }

    private UrlLine one(String line) {
        List<UrlLine> lines = jsonl(line + "\n");
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    @Test
    void aFullRequestCarriesMethodHeadersBodyAndTheCallersFields() {
        UrlLine line = one("{\"url\": \"https://api.example/items\", \"method\": \"post\", \"headers\": {\"Content-Type\":"
                + " \"application/json\", \"Authorization\": \"Bearer s3cret\"}, \"body\": \"{\\\"q\\\":1}\", \"id\": \"sku-42\","
                + " \"batch\": {\"n\": 7}}");

        assertThat(line.isFetchable()).isTrue();
        assertThat(line.text()).isEqualTo("https://api.example/items");
        assertThat(line.request().method()).isEqualTo("POST");
        assertThat(line.request().headers()).containsExactly(Map.entry("Content-Type", "application/json"),
                Map.entry("Authorization", "Bearer s3cret"));
        assertThat(line.request().body()).isEqualTo("{\"q\":1}");
        assertThat(line.fields()).containsExactly(Map.entry("id", "sku-42"), Map.entry("batch", Map.of("n", 7)));
        assertThat(line.resultMethod()).isEqualTo("POST");
        assertThat(line.request().toString()).doesNotContain("s3cret").doesNotContain("q\"");
    }

    @Test
    void aBareUrlIsAGetWithNoFieldsAndAJsonBodyIsSentAsJsonText() {
        UrlLine get = one("{\"url\": \"http://a.example/\"}");
        assertThat(get.request().method()).isEqualTo("GET");
        assertThat(get.resultMethod()).isNull();
        assertThat(get.fields()).isNull();
        assertThat(get.request().headers()).isEmpty();

        UrlLine put = one("{\"url\": \"http://a.example/\", \"method\": \"PUT\", \"body\": {\"price\": 9.5, \"tags\": [\"a\"]}}");
        assertThat(put.request().body()).isEqualTo("{\"price\":9.5,\"tags\":[\"a\"]}");
        assertThat(put.request().headers()).containsExactly(Map.entry("Content-Type", "application/json"));

        UrlLine typed = one("{\"url\": \"http://a.example/\", \"method\": \"PATCH\", \"headers\": {\"content-type\":"
                + " \"application/merge-patch+json\"}, \"body\": {\"a\": 1}}");
        assertThat(typed.request().headers()).containsExactly(Map.entry("content-type", "application/merge-patch+json"));
    }

    @Test
    void everyMethodIsAcceptedAndAnUnknownOneIsNot() {
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            assertThat(one("{\"url\": \"http://a.example/\", \"method\": \"" + method + "\"}").request().method())
                    .isEqualTo(method);
        }
        UrlLine unknown = one("{\"url\": \"http://a.example/\", \"method\": \"FETCH\"}");
        assertThat(unknown.rejection()).isEqualTo(Outcome.INVALID_REQUEST);
        assertThat(unknown.reason()).isEqualTo("line 1: unknown method 'FETCH'; use one of GET, HEAD, POST, PUT, PATCH or DELETE");
    }

    @Test
    void eachBadLineGetsOneInvalidRequestWithItsLineNumberAndReason() {
        List<UrlLine> lines = jsonl(String.join("\n",
                "{\"url\": \"http://a.example/1\"}",                                        // 1 ok
                "not json at all",                                                         // 2
                "",                                                                        // blank: skipped
                "[\"http://a.example/\"]",                                                 // 4 an array
                "{\"method\": \"GET\", \"id\": 4}",                                        // 5 no url
                "{\"url\": 42}",                                                           // 6 url not a string
                "{\"url\": \"http://a.example/\", \"headers\": {\"X-Count\": 3}}",           // 7 header value not a string
                "{\"url\": \"http://a.example/\", \"status\": 200, \"id\": \"keep\"}",       // 8 colliding field
                "{\"url\": \"http://a.example/\", \"method\": \"GET\", \"body\": \"x\"}",    // 9 body on a GET
                "{\"url\": \"http://a.example/\", \"headers\": {\"CamelHttpUri\": \"http://b/\"}}", // 10 steers camel-http
                "{\"url\": \"http://a.example/\", \"headers\": \"Accept: */*\"}",            // 11 headers not an object
                "{\"url\": \"http://a.example/\"} trailing",                                // 12 more than one value
                "{\"url\": \"http://a.example/\", \"id\": 1, \"id\": 2}",                    // 13 duplicate key
                "{\"url\": \"ftp://a.example/\", \"id\": \"f\"}",                            // 14 plain-line URL checks
                "{\"url\": \"http://a.example/1\"}",                                        // 15 same URL: not a duplicate
                "{\"url\": \"http://a.example/\", \"headers\": {\"Authorization\": {\"token\": \"s3cret\"}}}")); // 16

        assertThat(lines).extracting(UrlLine::line, UrlLine::rejection).containsExactly(
                tuple(1, null), tuple(2, Outcome.INVALID_REQUEST), tuple(4, Outcome.INVALID_REQUEST),
                tuple(5, Outcome.INVALID_REQUEST), tuple(6, Outcome.INVALID_REQUEST), tuple(7, Outcome.INVALID_REQUEST),
                tuple(8, Outcome.INVALID_REQUEST), tuple(9, Outcome.INVALID_REQUEST), tuple(10, Outcome.INVALID_REQUEST),
                tuple(11, Outcome.INVALID_REQUEST), tuple(12, Outcome.INVALID_REQUEST), tuple(13, Outcome.INVALID_REQUEST),
                tuple(14, Outcome.UNSUPPORTED_SCHEME), tuple(15, null), tuple(16, Outcome.INVALID_REQUEST));
        assertThat(lines).extracting(UrlLine::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertThat(lines.get(1).reason()).startsWith("line 2: not valid JSON (unexpected characters at column");
        assertThat(lines.get(2).reason()).startsWith("line 4: not a JSON object but an array");
        assertThat(lines.get(3).reason()).isEqualTo("line 5: no \"url\"; each request needs one");
        assertThat(lines.get(3).fields()).containsExactly(Map.entry("id", 4)); // a bad line can still be joined
        assertThat(lines.get(4).reason()).isEqualTo("line 6: \"url\" must be a string, not a number");
        assertThat(lines.get(5).reason()).isEqualTo("line 7: the value of header 'X-Count' must be a string, not a number");
        assertThat(lines.get(6).reason()).startsWith("line 8: field \"status\" is a property of the result itself");
        assertThat(lines.get(6).fields()).containsExactly(Map.entry("id", "keep"));
        assertThat(lines.get(7).reason()).startsWith("line 9: a GET request carries no body");
        assertThat(lines.get(8).reason()).startsWith("line 10: header 'CamelHttpUri' cannot be set per request");
        assertThat(lines.get(9).reason()).startsWith("line 11: \"headers\" must be an object");
        assertThat(lines.get(10).reason()).startsWith("line 12: not valid JSON");
        assertThat(lines.get(11).reason()).contains("line 13: not valid JSON: duplicate field 'id'");
        assertThat(lines.get(12).fields()).containsExactly(Map.entry("id", "f"));
        assertThat(lines.get(14).reason()).doesNotContain("s3cret");
        assertThat(lines).extracting(UrlLine::reason).allSatisfy(reason -> assertThat(String.valueOf(reason))
                .doesNotContain("s3cret"));
    }

    @Test
    void everyResultPropertyNameIsReservedButTheRequestsOwnKeysAreNot() {
        assertThat(JsonRequestParser.RESULT_PROPERTIES).contains("url", "status", "outcome", "index", "line", "error",
                "bytes", "attempts", "sha256", "timings", "fields");
        for (String name : List.of("outcome", "index", "worker", "timings")) {
            UrlLine line = one("{\"url\": \"http://a.example/\", \"" + name + "\": 1}");
            assertThat(line.rejection()).as(name).isEqualTo(Outcome.INVALID_REQUEST);
            assertThat(line.reason()).as(name).contains("field \"" + name + "\"");
        }
    }

    @Test
    void autoReadsJsonLinesForAJsonlFileOrAFirstLineThatStartsWithABrace() {
        assertThat(UrlListParser.inputFormat("auto", new java.io.File("prices.jsonl"))).isEqualTo(InputFormat.JSONL);
        assertThat(UrlListParser.inputFormat("auto", new java.io.File("urls.txt"))).isEqualTo(InputFormat.AUTO);
        assertThat(UrlListParser.inputFormat(null, "text")).isEqualTo(InputFormat.LINES);

        List<UrlLine> sniffed = new ArrayList<>();
        parser.lines(new StringReader("\n{\"url\": \"http://a.example/\", \"method\": \"HEAD\"}\n"),
                InputFormat.AUTO).forEachRemaining(sniffed::add);
        assertThat(sniffed).singleElement().satisfies(line -> assertThat(line.request().method()).isEqualTo("HEAD"));

        List<UrlLine> plain = new ArrayList<>();
        parser.lines(new StringReader("# list\nhttp://a.example/\n"), InputFormat.AUTO).forEachRemaining(plain::add);
        assertThat(plain).singleElement().satisfies(line -> assertThat(line.request()).isNull());
    }

    @Test
    void aJsonArrayOfObjectsIsReadAsRequests() {
        List<UrlLine> lines = new ArrayList<>();
        parser.lines(List.of(Map.of("url", "http://a.example/", "method", "DELETE"), Map.of("id", 2))).forEachRemaining(lines::add);

        assertThat(lines).extracting(UrlLine::rejection).containsExactly(null, Outcome.INVALID_REQUEST);
        assertThat(lines.get(0).request().method()).isEqualTo("DELETE");
    }
}
