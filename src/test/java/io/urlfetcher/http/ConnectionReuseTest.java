package io.urlfetcher.http;

import io.urlfetcher.BatchReport;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.config.FetchConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No byte a server sent for one request is read as another's response: each misbehaving path of a
 * {@link KeepAliveServer} sends a whole forged response past its own, and the URL after it, on the same host and one
 * at a time, must get the server's real answer, counted at the server, on a new connection.
 */
@Timeout(60)
class ConnectionReuseTest {

    @TempDir
    Path dir;

    private KeepAliveServer server;

    @BeforeEach
    void start() throws IOException {
        server = KeepAliveServer.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "excess,         GET,  ok,               200",
            "head,           HEAD, ok,               200",
            "no-content,     GET,  ok,               204",
            "not-modified,   GET,  http_error,       304",
            "interim-body,   GET,  protocol_error,   ",
            "close,          GET,  ok,               200",
            "http10,         GET,  ok,               200",
            "large,          GET,  body_too_large,   200",
            "stall,          GET,  timeout,          200",
            "bad-gzip,       GET,  io_error,         200",
    })
    void theUrlAfterAResponseThatOverranGetsItsOwnAnswer(String path, String method, String outcome, Integer status)
            throws IOException {
        List<String> lines = List.of(
                request("/warm-up", "GET"),
                request("/" + path, method),
                request("/next", "GET"),
                request("/last", "HEAD"));

        List<JsonNode> results = fetch(lines, "--timeout", "2s");

        assertThat(results).extracting(r -> r.get("outcome").asText())
                .containsExactly("ok", outcome, "ok", "ok");
        JsonNode overran = results.get(1);
        if (status == null) {
            assertThat(overran.get("status").isNull()).as("status of %s", overran).isTrue();
        } else {
            assertThat(overran.get("status").asInt()).isEqualTo(status);
        }
        assertRealAnswer(results.get(2), "/next");
        assertThat(results.get(3).get("status").asInt()).isEqualTo(200);
        assertThat(server.hits("/next")).isEqualTo(1);
        assertThat(server.hits("/last")).isEqualTo(1);
        // The misbehaving response's connection went with it; the ones after share a new one.
        assertThat(server.request("/" + path).connection()).isEqualTo(server.request("/warm-up").connection());
        assertThat(server.request("/next").connection()).isNotEqualTo(server.request("/" + path).connection());
        assertThat(server.request("/last").connection()).isEqualTo(server.request("/next").connection());
    }

    @Test
    void wellBehavedResponsesShareOneConnection() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(request("/page/" + i, i % 2 == 0 ? "GET" : "HEAD"));
        }

        List<JsonNode> results = fetch(lines);

        assertThat(results).allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("ok"));
        assertThat(server.requests()).hasSize(20).extracting(KeepAliveServer.Request::connection).containsOnly(1);
    }

    @Test
    void twoCallsOfTheKameletShareOnePoolAndItsConnections() throws Exception {
        // Each calling route gets an endpoint of its own (its template beans are named per call), each endpoint a client.
        try (DefaultCamelContext host = new DefaultCamelContext()) {
            // Embedded, the SSRF guard is on; the host lets its own test server through.
            host.getPropertiesComponent().addInitialProperty("fetch.allow-private", "127.0.0.1:" + server.port());
            FetchConfiguration.bind(host);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:one").to("kamelet:url-fetch-action?concurrency=1");
                    from("direct:other").to("kamelet:url-fetch-action?concurrency=1&perHost=1");
                }
            });
            host.start();
            ProducerTemplate producer = host.createProducerTemplate();

            BatchReport one = producer.requestBody("direct:one", server.url("/a") + "\n" + server.url("/b"),
                    BatchReport.class);
            BatchReport other = producer.requestBody("direct:other", server.url("/c") + "\n" + server.url("/d"),
                    BatchReport.class);

            assertThat(one.failures() + other.failures()).isZero();
            assertThat(server.requests()).hasSize(4).extracting(KeepAliveServer.Request::connection).containsOnly(1);
        }
    }

    @Test
    void throughAProxyOneTargetNeverAnswersForAnother() throws IOException {
        // Two targets behind one plain HTTP proxy: the proxy's connection carried the first target's forged bytes.
        String first = "http://first.invalid:8001";
        String second = "http://second.invalid:8002";
        List<String> lines = List.of(
                request(first + "/excess", "GET"),
                request(second + "/next", "GET"),
                request(first + "/no-content", "GET"),
                request(first + "/again", "GET"),
                request(second + "/head", "HEAD"),
                request(second + "/last", "GET"));

        List<JsonNode> results = fetch(lines, "--proxy", server.url(""));

        assertThat(results).extracting(r -> r.get("outcome").asText()).containsOnly("ok");
        assertRealAnswer(results.get(1), "/next");
        assertRealAnswer(results.get(3), "/again");
        assertRealAnswer(results.get(5), "/last");
        assertThat(server.requests()).extracting(KeepAliveServer.Request::target).containsExactly(
                first + "/excess", second + "/next", first + "/no-content", first + "/again", second + "/head",
                second + "/last");
        // HttpClient pools a proxy's connections per target: the two never shared one.
        assertThat(server.requests()).filteredOn(r -> r.target().startsWith(first))
                .extracting(KeepAliveServer.Request::connection)
                .doesNotContainAnyElementsOf(server.requests().stream().filter(r -> r.target().startsWith(second))
                        .map(KeepAliveServer.Request::connection).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"excess, GET", "head, HEAD", "no-content, GET"})
    void overTlsTooTheUrlAfterAResponseThatOverranGetsItsOwnAnswer(String path, String method) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("url-fetcher test CA");
        try (KeepAliveServer tls = KeepAliveServer.startTls(TestCertificates.localhost(ca).sslContext())) {
            Path caPem = TestCertificates.writeCaPem(ca, dir.resolve("ca.pem"));
            List<String> lines = new ArrayList<>();
            for (String target : List.of("/warm-up", "/" + path, "/next", "/last")) {
                lines.add(request(tls.url(target), target.equals("/" + path) ? method : "GET"));
            }

            List<JsonNode> results = fetch(lines, "--cacert", caPem.toString());

            assertThat(results).extracting(r -> r.get("outcome").asText()).containsOnly("ok");
            assertRealAnswer(results.get(2), "/next");
            assertRealAnswer(results.get(3), "/last");
            // A TLS connection is kept while its responses end where they should (TLS 1.3 sends session tickets
            // after the handshake: they are not bytes past a response).
            assertThat(tls.request("/" + path).connection()).isEqualTo(tls.request("/warm-up").connection());
            assertThat(tls.request("/next").connection()).isNotEqualTo(tls.request("/" + path).connection());
            assertThat(tls.request("/last").connection()).isEqualTo(tls.request("/next").connection());
        }
    }

    private static void assertRealAnswer(JsonNode result, String path) {
        assertThat(result.get("status").asInt()).as("%s", result).isEqualTo(200);
        assertThat(result.get("body").asText()).isEqualTo("real answer for " + path);
    }

    private String request(String target, String method) {
        String url = target.startsWith("http") ? target : server.url(target);
        return "{\"url\": \"" + url + "\", \"method\": \"" + method + "\"}";
    }

    private List<JsonNode> fetch(List<String> lines, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--concurrency", "1", "--inline-body", "1KB", "--max-body", "4KB",
                "--retries", "0", "--quiet"));
        args.addAll(List.of(options));
        CommandRunner.Reported reported = CommandRunner.runOnLines(dir, "urls.jsonl", lines, args.toArray(String[]::new));
        assertThat(reported.report()).as("report; stderr: %s", reported.run().stderr()).isNotNull();
        List<JsonNode> results = reported.results();
        assertThat(results).hasSize(lines.size());
        return results;
    }
}
