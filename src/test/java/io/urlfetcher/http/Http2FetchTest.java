package io.urlfetcher.http;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --http2} end to end: the command line against HttpCore 5's HTTP/2 server on 127.0.0.1 (TLS, h2 by ALPN),
 * which records what protocol each request really came in. Every limit of the classic path holds on the async one.
 */
@Timeout(120)
@SlowTest
class Http2FetchTest {

    private static TestCertificates.Issued ca;
    private static TestCertificates.Issued localhost;

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension plainServer = new LocalServerExtension();

    private final List<AutoCloseable> servers = new ArrayList<>();
    private CommandRunner.Run last;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.ca("url-fetcher h2 test CA");
        localhost = TestCertificates.localhost(ca);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private H2TestServer h2Server() throws Exception {
        H2TestServer server = H2TestServer.start(localhost);
        servers.add(server);
        return server;
    }

    private String caPem() throws Exception {
        return TestCertificates.writeCaPem(ca, dir.resolve("ca.pem")).toString();
    }

    /** Runs the CLI on this list (one line each) with a JSON report; returns the results, one per line. */
    private List<JsonNode> fetch(String listName, List<String> lines, String... options) throws IOException {
        CommandRunner.Reported reported = CommandRunner.runOnLines(dir, listName, lines,
                Stream.concat(Stream.of("--user-agent", "fixed"), Arrays.stream(options)).toArray(String[]::new));
        last = reported.run();
        assertThat(last.exitCode()).as(last.stderr()).isZero();
        List<JsonNode> results = reported.results();
        assertThat(results).hasSize(lines.size());
        return results;
    }

    private List<JsonNode> fetch(List<String> urls, String... options) throws IOException {
        return fetch("urls.txt", urls, options);
    }

    private static String outcome(JsonNode result) {
        return result.get("outcome").asText();
    }

    @Test
    void withHttp2TheRequestsGoOverHttp2AsTheServerSawThemOnAboutConcurrencyConnections() throws Exception {
        H2TestServer server = h2Server();
        List<String> urls = IntStream.range(0, 200).mapToObj(i -> server.url("/page/" + i)).collect(Collectors.toList());

        List<JsonNode> results = fetch(urls, "--http2", "--cacert", caPem(), "--concurrency", "10", "--quiet",
                "--inline-body", "1KB");

        assertThat(results).allSatisfy(r -> {
            assertThat(outcome(r)).as(r.toString()).isEqualTo("ok");
            assertThat(r.get("protocol").asText()).isEqualTo("HTTP/2");
        });
        assertThat(results.get(7).get("body").asText()).isEqualTo("hello over HTTP/2.0 /page/7");
        assertThat(server.seen()).hasSize(200).allSatisfy(seen -> {
            assertThat(seen.protocol()).isEqualTo("HTTP/2.0");
            assertThat(seen.userAgent()).isEqualTo(UserAgents.OWN); // ours, not the async client's default
        });
        // At most C connections in steady state; the async client releases a finished exchange's connection on its
        // I/O thread, so the next request of the same pool thread may now and then find none free and open one more.
        assertThat(server.connections()).isBetween(1, 20);
        // A result opened a connection exactly when it did a TLS handshake; the others reused one.
        long handshakes = results.stream().filter(r -> !r.get("timings").get("tls").isNull()).count();
        assertThat(handshakes).isEqualTo(results.stream().filter(r -> !r.get("timings").get("reused").asBoolean()).count())
                .isBetween(1L, 20L);
        JsonNode fresh = results.stream().filter(r -> !r.get("timings").get("reused").asBoolean()).findFirst().orElseThrow();
        assertThat(fresh.get("timings").get("dns").isNull()).isFalse();
        assertThat(fresh.get("timings").get("connect").isNull()).isFalse();
        assertThat(fresh.get("timings").get("tls").asDouble()).isPositive();
    }

    @Test
    void withoutHttp2TheSameServerIsSpokenToInHttp11() throws Exception {
        H2TestServer server = h2Server();

        List<JsonNode> results = fetch(List.of(server.url("/page/1")), "--cacert", caPem());

        assertThat(results.get(0).get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(server.seen()).extracting(H2TestServer.Seen::protocol).containsExactly("HTTP/1.1");
    }

    @Test
    void aServerWithoutHttp2AndPlainHttpUrlsStayOnHttp11() throws Exception {
        TlsTestServer http1Only = TlsTestServer.start(localhost); // the JDK's HttpsServer: no ALPN h2
        servers.add(http1Only);

        List<JsonNode> results = fetch(List.of(http1Only.url("/one"), plainServer.url("/bytes/5")),
                "--http2", "--cacert", caPem());

        assertThat(results).extracting(Http2FetchTest::outcome).containsExactly("ok", "ok");
        assertThat(results).extracting(r -> r.get("protocol").asText()).containsExactly("HTTP/1.1", "HTTP/1.1");
        assertThat(http1Only.requests()).isEqualTo(1);
    }

    @Test
    void anHttpsUrlThroughAProxyGoesByItsConnectTunnelInHttp11() throws Exception {
        H2TestServer server = h2Server();
        ForwardProxy proxy = ForwardProxy.start();
        servers.add(proxy);

        JsonNode result = fetch(List.of(server.url("/page/3")), "--http2", "--cacert", caPem(),
                "--proxy", "http://127.0.0.1:" + proxy.port()).get(0);

        assertThat(outcome(result)).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(proxy.requestLines()).singleElement().asString().startsWith("CONNECT localhost:");
        assertThat(server.seen()).extracting(H2TestServer.Seen::protocol).containsExactly("HTTP/1.1");
    }

    @Test
    void aStalledStreamEndsAtTheDeadlineWhileTheOtherStreamsOfItsConnectionFinish() throws Exception {
        H2TestServer server = h2Server();

        List<JsonNode> results = fetch(List.of(server.url("/stall"), server.url("/page/1"), server.url("/page/2")),
                "--http2", "--cacert", caPem(), "--timeout", "2s", "--concurrency", "3");

        assertThat(outcome(results.get(0))).as(results.get(0).toString()).isEqualTo("timeout");
        assertThat(results.get(0).get("millis").asLong()).isBetween(1500L, 10_000L);
        assertThat(results.subList(1, 3)).allSatisfy(r -> assertThat(outcome(r)).isEqualTo("ok"));
    }

    @Test
    void aSilentServerEndsAtTheReadTimeout() throws Exception {
        H2TestServer server = h2Server();

        JsonNode result = fetch(List.of(server.url("/stall")), "--http2", "--cacert", caPem(), "--timeout", "30s",
                "--read-timeout", "1s").get(0);

        assertThat(outcome(result)).as(result.toString()).isEqualTo("timeout");
        assertThat(result.get("millis").asLong()).isLessThan(10_000L);
    }

    @Test
    void aBodyOverTheCapIsBodyTooLarge() throws Exception {
        H2TestServer server = h2Server();

        List<JsonNode> results = fetch(List.of(server.url("/big/100000"), server.url("/big/100")),
                "--http2", "--cacert", caPem(), "--max-body", "10KB");

        assertThat(results).extracting(Http2FetchTest::outcome).containsExactly("body_too_large", "ok");
    }

    @Test
    void moreThanTwoHundredHeaderFieldsAreHeadersTooLargeAsOnHttp11() throws Exception {
        H2TestServer server = h2Server();
        List<String> urls = List.of(server.url("/headers/200"), server.url("/headers/201"), server.url("/headers/20000"),
                server.url("/page/after"));

        List<JsonNode> results = fetch(urls, "--http2", "--cacert", caPem(), "--mode", "sequential");

        assertThat(results).extracting(Http2FetchTest::outcome).as(results.toString())
                .containsExactly("ok", "headers_too_large", "headers_too_large", "ok");
        assertThat(results.get(0).get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(results.get(1).get("error").asText()).startsWith("headers_too_large: MessageConstraintException");
        // 20,000 fields pass H2Config's header list size (--max-header-size) first: HttpCore stops decoding there.
        assertThat(results.get(2).get("error").asText()).startsWith("headers_too_large: HeaderListConstraintException");
    }

    @Test
    void anUntrustedServerIsATlsErrorAndTheSsrfGuardStillBlocksLoopback() throws Exception {
        H2TestServer server = h2Server();

        JsonNode untrusted = fetch(List.of(server.url("/page/1")), "--http2").get(0);
        JsonNode blocked = fetch(List.of(server.url("/page/2")), "--http2", "--cacert", caPem(),
                "--block-private=true").get(0);

        assertThat(outcome(untrusted)).isEqualTo("tls_error");
        assertThat(untrusted.get("error").asText()).contains(TlsFailureReason.UNTRUSTED);
        assertThat(outcome(blocked)).isEqualTo("blocked");
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void redirectsAndRetriesAreTheClassicChainsOnes() throws Exception {
        H2TestServer server = h2Server();
        String toPage = server.url("/redirect?to=" + URLEncoder.encode(server.url("/page/9"), StandardCharsets.UTF_8));
        String toHttp = server.url("/redirect?to=" + URLEncoder.encode(plainServer.url("/bytes/3"), StandardCharsets.UTF_8));

        List<JsonNode> results = fetch(List.of(toPage, toHttp, server.url("/flaky/a")),
                "--http2", "--cacert", caPem(), "--retries", "1", "--retry-backoff", "10ms");

        assertThat(results).extracting(Http2FetchTest::outcome).containsExactly("ok", "redirect_blocked", "ok");
        assertThat(results.get(0).get("redirects").asInt()).isEqualTo(1);
        assertThat(results.get(0).get("finalUrl").asText()).isEqualTo(server.url("/page/9"));
        assertThat(results.get(2).get("attempts").asInt()).isEqualTo(2);
        assertThat(results.get(2).get("protocol").asText()).isEqualTo("HTTP/2");
    }

    @Test
    void aClientCertificateIsPresentedAndItsAbsenceNamedAsOnHttp11() throws Exception {
        H2TestServer server = H2TestServer.start(localhost, ca.certificate());
        servers.add(server);
        TestCertificates.Issued client = TestCertificates.client(ca, "h2-client");

        JsonNode given = fetch(List.of(server.url("/page/1")), "--http2", "--cacert", caPem(),
                "--cert", client.writeCertificatePem(dir.resolve("client.pem")).toString(),
                "--key", client.writeKeyPem(dir.resolve("client.key")).toString()).get(0);
        JsonNode none = fetch(List.of(server.url("/page/2")), "--http2", "--cacert", caPem()).get(0);

        assertThat(outcome(given)).as(given.toString()).isEqualTo("ok");
        assertThat(given.get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(server.seen()).singleElement().extracting(H2TestServer.Seen::clientName).isEqualTo("CN=h2-client");
        assertThat(outcome(none)).as(none.toString()).isEqualTo("tls_error");
        assertThat(none.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.CLIENT_CERTIFICATE);
    }

    @Test
    void aPasswordInTheUrlIsSentAsBasicAuthenticationAndNeverShown() throws Exception {
        H2TestServer server = h2Server();
        String url = server.url("/page/1").replace("https://", "https://fetcher:s3cr3t-h2@");

        JsonNode result = fetch(List.of(url), "--http2", "--cacert", caPem()).get(0);

        assertThat(outcome(result)).as(result.toString()).isEqualTo("ok");
        assertThat(server.seen()).singleElement().extracting(H2TestServer.Seen::authorization)
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                        "fetcher:s3cr3t-h2".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.toString() + last.stdout() + last.stderr()).doesNotContain("s3cr3t-h2");
    }

    @Test
    void aServerThatNegotiatesH2AndThenMisbehavesIsAClassifiedFailureOfThatUrlOnly() throws Exception {
        java.util.Map<RawH2Server.Misbehaviour, String> expected = java.util.Map.of(
                RawH2Server.Misbehaviour.GARBAGE, "protocol_error",
                RawH2Server.Misbehaviour.RESET_STREAM, "connection_reset",
                RawH2Server.Misbehaviour.CLOSE, "connection_closed",
                RawH2Server.Misbehaviour.SILENCE, "timeout");
        H2TestServer good = h2Server();
        for (var misbehaviour : expected.keySet()) {
            RawH2Server bad = new RawH2Server(localhost, misbehaviour);
            servers.add(bad);

            List<JsonNode> results = fetch(List.of(bad.url("/x"), good.url("/page/1")), "--http2", "--cacert", caPem(),
                    "--read-timeout", "2s", "--timeout", "10s");

            assertThat(outcome(results.get(0))).as(misbehaviour + ": " + results.get(0))
                    .isEqualTo(expected.get(misbehaviour));
            assertThat(results.get(0).get("millis").asLong()).as(misbehaviour.toString()).isLessThan(8_000L);
            assertThat(outcome(results.get(1))).isEqualTo("ok");
        }
    }

    @Test
    void aPostSendsItsBodyOverHttp2() throws Exception {
        H2TestServer server = h2Server();
        String line = "{\"url\": \"" + server.url("/echo") + "\", \"method\": \"POST\", "
                + "\"headers\": {\"Content-Type\": \"application/json\"}, \"body\": \"{\\\"sku\\\": 42}\"}";

        JsonNode result = fetch("requests.jsonl", List.of(line), "--http2", "--cacert", caPem(),
                "--inline-body", "1KB").get(0);

        assertThat(outcome(result)).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("body").asText()).isEqualTo("POST {\"sku\": 42}");
        assertThat(server.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.protocol()).isEqualTo("HTTP/2.0");
            assertThat(seen.method()).isEqualTo("POST");
        });
    }
}
