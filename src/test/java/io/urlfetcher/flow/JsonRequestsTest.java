package io.urlfetcher.flow;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Requests beyond GET, through the command line as a user runs it: JSON Lines lists, standard input, retries of POST. */
@Timeout(60)
class JsonRequestsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private CommandRunner.Run last;

    private JsonNode run(String... args) throws IOException {
        CommandRunner.Reported reported = CommandRunner.runWithReport(dir, args);
        last = reported.run();
        assertThat(last.exitCode()).as(last.stderr()).isZero();
        return reported.report();
    }

    /** The CLI reading {@code --urls -} from this text as standard input. */
    private JsonNode runWithStandardInput(String input, String... args) throws IOException {
        InputStream systemIn = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(systemIn);
        }
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private String url(String path) {
        return server.url(path);
    }

    @Test
    void aJsonlPostSendsItsBodyAndOwnHeadersAndTheResultCarriesItsMethodAndId() throws IOException {
        Path list = file("prices.jsonl",
                "{\"url\": \"" + url("/echo/200") + "\", \"method\": \"POST\", \"headers\": {\"Content-Type\": \"application/json\","
                + " \"X-Tenant\": \"shop-7\", \"Authorization\": \"Bearer s3cret-token\"}, \"body\": \"{\\\"sku\\\": 42}\","
                + " \"id\": \"sku-42\", \"tags\": [\"a\", \"b\"]}");

        JsonNode report = run("--urls", list.toString(), "--header", "X-Tenant: global", "--header", "Accept: text/plain");

        assertThat(server.echoed()).singleElement().satisfies(echo -> {
            assertThat(echo).containsEntry("method", "POST").containsEntry("body", "{\"sku\": 42}");
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) echo.get("headers");
            assertThat(headers).contains(entry("content-type", "application/json"), entry("x-tenant", "shop-7"),
                    entry("accept", "text/plain"), entry("authorization", "Bearer s3cret-token"));
        });
        JsonNode result = report.get("results").get(0);
        assertThat(result.get("outcome").asText()).isEqualTo("ok");
        assertThat(result.get("method").asText()).isEqualTo("POST");
        assertThat(result.get("id").asText()).isEqualTo("sku-42"); // at the top level, to join with the user's records
        assertThat(result.get("tags")).hasSize(2);
        assertThat(result.has("fields")).isFalse();
        assertThat(report.toString() + last.stdout() + last.stderr()).doesNotContain("s3cret-token");
    }

    @Test
    void everyMethodReachesTheServerAsThatMethod() throws IOException {
        List<String> methods = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
        String[] lines = methods.stream().map(m -> "{\"url\": \"" + url("/echo/200?m=" + m) + "\", \"method\": \"" + m + "\""
                + (m.startsWith("P") ? ", \"body\": {\"via\": \"" + m + "\"}" : "") + "}").toArray(String[]::new);

        JsonNode report = run("--urls", file("methods.jsonl", lines).toString(), "--concurrency", "3");

        assertThat(server.received()).extracting(r -> r.query() + " " + r.method())
                .containsExactlyInAnyOrder("m=GET GET", "m=HEAD HEAD", "m=POST POST", "m=PUT PUT", "m=PATCH PATCH",
                        "m=DELETE DELETE");
        assertThat(server.received()).filteredOn(r -> r.method().startsWith("P"))
                .allSatisfy(r -> assertThat(r.bodyBytes()).isPositive());
        assertThat(server.received()).filteredOn(r -> !r.method().startsWith("P"))
                .allSatisfy(r -> assertThat(r.bodyBytes()).isZero());
        List<String> resultMethods = new ArrayList<>();
        report.get("results").forEach(r -> {
            assertThat(r.get("outcome").asText()).isEqualTo("ok");
            resultMethods.add(r.has("method") ? r.get("method").asText() : "(none)");
        });
        assertThat(resultMethods).containsExactly("(none)", "HEAD", "POST", "PUT", "PATCH", "DELETE");
        assertThat(report.get("results").get(1).get("bytes").asLong()).isZero(); // a HEAD response has no body
        assertThat(server.echoed()).filteredOn(e -> "PUT".equals(e.get("method")))
                .singleElement().satisfies(e -> assertThat(e.get("body")).isEqualTo("{\"via\":\"PUT\"}"));
    }

    @Test
    void aBadLineIsInvalidRequestWithItsLineNumberWhileTheOtherLinesRun() throws IOException {
        Path list = file("mixed.jsonl",
                "{\"url\": \"" + url("/bytes/10") + "\", \"id\": 1}",
                "{\"url\": \"" + url("/bytes/11") + "\", \"id\": 2",            // invalid JSON
                "{\"method\": \"GET\", \"id\": 3}",                            // no url
                "",
                "{\"url\": \"" + url("/bytes/12") + "\", \"method\": \"FETCH\"}", // unknown method
                "{\"url\": \"" + url("/bytes/13") + "\", \"status\": \"new\"}",   // collides with the result's status
                "{\"url\": \"gopher://old.example/\", \"id\": 7}",               // the plain-line URL checks
                "{\"url\": \"" + url("/bytes/14") + "\", \"id\": 8}");

        JsonNode report = run("--urls", list.toString());

        List<String> outcomes = new ArrayList<>();
        report.get("results").forEach(r -> outcomes.add(r.get("line").asInt() + ":" + r.get("outcome").asText()));
        assertThat(outcomes).containsExactly("1:ok", "2:invalid_request", "3:invalid_request", "5:invalid_request",
                "6:invalid_request", "7:unsupported_scheme", "8:ok");
        JsonNode results = report.get("results");
        assertThat(results.get(1).get("error").asText()).startsWith("line 2: not valid JSON");
        assertThat(results.get(2).get("error").asText()).isEqualTo("line 3: no \"url\"; each request needs one");
        assertThat(results.get(2).get("id").asInt()).isEqualTo(3);
        assertThat(results.get(3).get("error").asText()).startsWith("line 5: unknown method 'FETCH'");
        assertThat(results.get(4).get("error").asText()).startsWith("line 6: field \"status\" is a property of the result");
        assertThat(results.get(4).get("status").isNull()).isTrue(); // never overwritten by the line's own field
        assertThat(results.get(5).get("id").asInt()).isEqualTo(7);
        assertThat(results.get(6).get("id").asInt()).isEqualTo(8);
        assertThat(report.get("outcomes").get("invalid_request").asInt()).isEqualTo(4);
        assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::path)
                .containsExactlyInAnyOrder("/bytes/10", "/bytes/14");
    }

    @Test
    void aPostIsRetriedOnlyWithRetryPost() throws IOException {
        Path list = file("retry.jsonl", "{\"url\": \"" + url("/status/503?post") + "\", \"method\": \"POST\", \"body\": \"x\"}",
                "{\"url\": \"" + url("/status/503?patch") + "\", \"method\": \"PATCH\", \"body\": \"x\"}",
                "{\"url\": \"" + url("/status/503?put") + "\", \"method\": \"PUT\", \"body\": \"x\"}");

        JsonNode once = run("--urls", list.toString(), "--retries", "2", "--retry-backoff", "10ms");
        assertThat(requests("post")).isEqualTo(1);
        assertThat(requests("patch")).isEqualTo(1);
        assertThat(requests("put")).as("PUT is idempotent: retried").isEqualTo(3);
        assertThat(once.get("results").get(0).get("attempts").asInt()).isEqualTo(1);

        JsonNode retried = run("--urls", list.toString(), "--retries", "2", "--retry-backoff", "10ms", "--retry-post");
        assertThat(requests("post")).isEqualTo(1 + 3);
        assertThat(requests("patch")).isEqualTo(1 + 3);
        assertThat(retried.get("results").get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(retried.get("results").get(0).get("status").asInt()).isEqualTo(503);
    }

    private long requests(String query) {
        return server.received().stream().filter(r -> query.equals(r.query())).count();
    }

    @Test
    void urlsDashReadsStandardInput() throws IOException {
        JsonNode plain = runWithStandardInput(url("/bytes/5") + "\n# comment\n" + url("/status/404") + "\n", "--urls", "-");

        assertThat(plain.get("urls").asInt()).isEqualTo(2);
        assertThat(plain.get("outcomes").get("ok").asInt()).isEqualTo(1);
        assertThat(plain.get("outcomes").get("http_error").asInt()).isEqualTo(1);

        // JSON Lines on standard input (auto: the first line starts with '{'); compare mode reads it twice.
        JsonNode compared = runWithStandardInput("{\"url\": \"" + url("/echo/200") + "\", \"method\": \"DELETE\", \"id\": \"d1\"}\n",
                "--urls", "-", "--mode", "compare");

        for (String run : List.of("sequential", "parallel")) {
            JsonNode result = compared.get(run).get("results").get(0);
            assertThat(result.get("outcome").asText()).as(run).isEqualTo("ok");
            assertThat(result.get("method").asText()).as(run).isEqualTo("DELETE");
            assertThat(result.get("id").asText()).as(run).isEqualTo("d1");
        }
        assertThat(server.echoed()).extracting(e -> e.get("method")).containsExactly("DELETE", "DELETE");
    }
}
