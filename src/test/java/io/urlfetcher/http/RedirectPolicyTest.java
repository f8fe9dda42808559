package io.urlfetcher.http;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redirects url-fetcher does not follow: to {@code file:}, {@code ftp:} and other schemes, and from https to http
 * unless {@code --allow-downgrade}; and an https URL through a proxy's CONNECT tunnel.
 */
@Timeout(120)
@SlowTest
class RedirectPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension plain = new LocalServerExtension();

    private HttpServer redirecting;
    private HttpsTestServer https;
    private CommandRunner.Run last;

    @BeforeEach
    void startServers() throws Exception {
        redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        redirecting.createContext("/to-file", e -> HttpsTestServer.respond(e, 302, "file:///etc/passwd", ""));
        redirecting.createContext("/to-ftp", e -> HttpsTestServer.respond(e, 301, "ftp://anonymous:ftp-pw@127.0.0.1/pub/x", ""));
        redirecting.start();
        https = HttpsTestServer.start(dir, exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/to-http")) {
                HttpsTestServer.respond(exchange, 302, plain.url("/bytes/3"), "");
            } else {
                HttpsTestServer.respond(exchange, 200, null, "secure");
            }
        }).trustedByDefault();
    }

    @AfterEach
    void stopServers() {
        redirecting.stop(0);
        https.close();
    }

    private JsonNode fetch(String[] urls, String... options) throws IOException {
        Path list = Files.writeString(dir.resolve("urls.txt"), String.join("\n", urls) + "\n");
        Path reports = Files.createDirectories(dir.resolve("reports-" + System.nanoTime()));
        String[] args = Stream.concat(Stream.of("--urls", list.toString(), "--sink", "file:" + reports, "--timeout", "20s"),
                Stream.of(options)).toArray(String[]::new);
        last = CommandRunner.run(Map.of(), args);
        assertThat(last.exitCode()).as(last.stderr()).isZero();
        try (Stream<Path> files = Files.list(reports)) {
            return JSON.readTree(Files.readString(files.findFirst().orElseThrow())).get("results");
        }
    }

    @Test
    void redirectsToOtherSchemesAreBlockedWithTheLocation() throws IOException {
        String base = "http://127.0.0.1:" + redirecting.getAddress().getPort();

        JsonNode results = fetch(new String[] { base + "/to-file", base + "/to-ftp" });

        assertThat(results).extracting(r -> r.get("outcome").asText()).containsExactly("redirect_blocked", "redirect_blocked");
        assertThat(results.get(0).get("error").asText()).contains("Location file:///etc/passwd");
        assertThat(results.get(1).get("error").asText()).contains("Location ftp://anonymous:***@127.0.0.1/pub/x");
        assertThat(results.toString() + last.stdout() + last.stderr()).doesNotContain("ftp-pw");
    }

    @Test
    void httpsToHttpIsBlockedUnlessAllowed() throws IOException {
        JsonNode blocked = fetch(new String[] { https.url("/to-http"), https.url("/page") });

        assertThat(blocked).extracting(r -> r.get("outcome").asText()).containsExactly("redirect_blocked", "ok");
        assertThat(blocked.get(0).get("error").asText())
                .contains("from https to http").contains("--allow-downgrade").contains("Location " + plain.url("/bytes/3"));
        assertThat(plain.requestCount()).isZero();

        JsonNode allowed = fetch(new String[] { https.url("/to-http") }, "--allow-downgrade");

        assertThat(allowed.get(0).get("outcome").asText()).isEqualTo("ok");
        assertThat(allowed.get(0).get("finalUrl").asText()).isEqualTo(plain.url("/bytes/3"));
        assertThat(plain.requestCount()).isEqualTo(1);
    }

    @Test
    void httpsGoesThroughTheProxyInACONNECTTunnelWithItsCredentials() throws IOException {
        try (ForwardProxy proxy = ForwardProxy.start().requireCredentials("fetcher", "tunnel-pw")) {
            JsonNode results = fetch(new String[] { https.url("/page") },
                    "--proxy", "http://fetcher:tunnel-pw@127.0.0.1:" + proxy.port());

            assertThat(results.get(0).get("outcome").asText()).as(results.toString()).isEqualTo("ok");
            assertThat(results.get(0).get("bytes").asInt()).isEqualTo(6);
            assertThat(proxy.requestLines()).as("asked for credentials, then given them")
                    .containsExactly("CONNECT 127.0.0.1:" + https.port() + " HTTP/1.1", "CONNECT 127.0.0.1:" + https.port() + " HTTP/1.1");
            assertThat(proxy.proxyAuthorizations()).containsExactly("fetcher:tunnel-pw");
            assertThat(results.toString() + last.stdout() + last.stderr()).doesNotContain("tunnel-pw");
            assertThat(https.requestCount()).isEqualTo(1);
        }
    }
}
