package io.urlfetcher.http;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Proxies as curl takes them: --proxy, the environment, NO_PROXY, credentials, failures and the SSRF guard. */
@Timeout(60)
class ProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private ForwardProxy proxy;
    private CommandRunner.Run last;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = ForwardProxy.start();
    }

    @AfterEach
    void stopProxy() throws IOException {
        proxy.close();
    }

    /** Runs the CLI over these URLs and returns the report's results. */
    private JsonNode fetch(Map<String, String> environment, String[] urls, String... options) throws IOException {
        Path list = Files.writeString(dir.resolve("urls.txt"), String.join("\n", urls) + "\n");
        Path reports = Files.createDirectories(dir.resolve("reports-" + System.nanoTime()));
        String[] args = Stream.concat(Stream.of("--urls", list.toString(), "--sink", "file:" + reports,
                "--connect-timeout", "2s", "--timeout", "10s"), Stream.of(options)).toArray(String[]::new);
        last = CommandRunner.run(environment, args);
        assertThat(last.exitCode()).as(last.stderr()).isZero();
        try (Stream<Path> files = Files.list(reports)) {
            Path report = files.findFirst().orElseThrow();
            return JSON.readTree(Files.readString(report)).get("results");
        }
    }

    @Test
    void theProxyOptionCarriesPlainHttpRequestsInAbsoluteForm() throws IOException {
        JsonNode results = fetch(Map.of(), new String[] { server.url("/bytes/7") }, "--proxy", proxy.url());

        assertThat(results.get(0).get("outcome").asText()).isEqualTo("ok");
        assertThat(results.get(0).get("bytes").asInt()).isEqualTo(7);
        assertThat(proxy.requestLines()).containsExactly("GET " + server.url("/bytes/7") + " HTTP/1.1");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void httpsThroughTheTunnelToAPlainHttpPortIsATlsErrorAtTheHandshakeTimeout() throws IOException {
        // The JDK's HTTP server waits for a request line and so never answers a ClientHello: as without a proxy,
        // the silent handshake is a TLS failure after --tls-handshake-timeout, not a timeout at the deadline.
        String https = "https://127.0.0.1:" + server.port() + "/bytes/5";

        JsonNode results = fetch(Map.of(), new String[] { https }, "--proxy", proxy.url(),
                "--tls-handshake-timeout", "1s");

        assertThat(results.get(0).get("outcome").asText()).as(results.get(0).toString()).isEqualTo("tls_error");
        assertThat(results.get(0).get("error").asText()).startsWith("tls_error: " + TlsFailureReason.NOT_TLS);
        assertThat(results.get(0).get("millis").asLong()).isLessThan(5000);
        assertThat(proxy.requestLines()).containsExactly("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1");
    }

    @Test
    void httpProxyFromTheEnvironmentIsReadInLowerCaseOnly() throws IOException {
        JsonNode upper = fetch(Map.of("HTTP_PROXY", proxy.url()), new String[] { server.url("/bytes/1") });
        assertThat(upper.get(0).get("outcome").asText()).isEqualTo("ok");
        assertThat(proxy.requestLines()).as("HTTP_PROXY is not read, as curl does not").isEmpty();

        JsonNode lower = fetch(Map.of("http_proxy", proxy.url(), "HTTP_PROXY", "http://127.0.0.1:1"),
                new String[] { server.url("/bytes/2") });
        assertThat(lower.get(0).get("outcome").asText()).isEqualTo("ok");
        assertThat(proxy.requestLines()).hasSize(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void noProxyHostsGoDirect() throws IOException {
        // The server answers on 127.0.0.1 and on localhost: one goes direct, the other through the proxy.
        String direct = server.url("/bytes/3");
        String proxied = "http://localhost:" + server.port() + "/bytes/4";

        JsonNode results = fetch(Map.of("http_proxy", proxy.url(), "NO_PROXY", "127.0.0.1"), new String[] { direct, proxied });

        assertThat(results).extracting(r -> r.get("outcome").asText()).containsExactly("ok", "ok");
        assertThat(proxy.requestLines()).containsExactly("GET " + proxied + " HTTP/1.1");
        assertThat(server.requestCount()).isEqualTo(2);

        fetch(Map.of("http_proxy", proxy.url(), "NO_PROXY", "127.0.0.1"), new String[] { direct }, "--noproxy", "localhost");
        assertThat(proxy.requestLines()).as("--noproxy replaces NO_PROXY").hasSize(2);
    }

    @Test
    void proxyCredentialsAreSentAsBasicAndRedactedEverywhere() throws IOException {
        proxy.requireCredentials("fetcher", "s3cret-pw");

        JsonNode results = fetch(Map.of(), new String[] { server.url("/bytes/5") },
                "--proxy", "http://fetcher:s3cret-pw@127.0.0.1:" + proxy.port());

        assertThat(results.get(0).get("outcome").asText()).isEqualTo("ok");
        assertThat(proxy.proxyAuthorizations()).contains("fetcher:s3cret-pw");
        assertThat(results.toString()).doesNotContain("s3cret-pw");
        assertThat(last.stdout()).doesNotContain("s3cret-pw");
        assertThat(last.stderr()).doesNotContain("s3cret-pw");
    }

    @Test
    void aProxyThatRefusesOrCannotBeReachedIsProxyError() throws IOException {
        proxy.requireCredentials("fetcher", "right");
        String http = server.url("/bytes/1");
        String https = "https://127.0.0.1:" + server.port() + "/bytes/1";

        JsonNode wrong = fetch(Map.of(), new String[] { http, https }, "--proxy",
                "http://fetcher:wrong-pw@127.0.0.1:" + proxy.port());
        assertThat(wrong).extracting(r -> r.get("outcome").asText()).containsExactly("proxy_error", "proxy_error");
        assertThat(wrong.get(0).get("error").asText()).contains("407").contains("proxy http://127.0.0.1:" + proxy.port());
        assertThat(wrong.get(1).get("error").asText()).contains("refused CONNECT 127.0.0.1:" + server.port()).contains("407");
        assertThat(wrong.toString() + last.stdout() + last.stderr()).doesNotContain("wrong-pw");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JsonNode unreachable = fetch(Map.of(), new String[] { http, https }, "--proxy", "http://127.0.0.1:" + closedPort);
        assertThat(unreachable).extracting(r -> r.get("outcome").asText()).containsExactly("proxy_error", "proxy_error");
        assertThat(unreachable.get(0).get("error").asText()).contains("cannot be reached");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aRefusedConnectIsProxyError() throws IOException {
        proxy.refuseConnect();

        JsonNode results = fetch(Map.of("https_proxy", proxy.url()),
                new String[] { "https://127.0.0.1:" + server.port() + "/bytes/1" });

        assertThat(results.get(0).get("outcome").asText()).isEqualTo("proxy_error");
        assertThat(results.get(0).get("error").asText()).contains("refused CONNECT").contains("403");
        assertThat(proxy.requestLines()).containsExactly("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1");
    }

    @Test
    void theSsrfGuardJudgesTheTargetAProxyIsAskedFor() throws Exception {
        // Embedded, the guard is on; the proxy itself is allowed, the target (also on 127.0.0.1) is not.
        try (DefaultCamelContext host = new DefaultCamelContext()) {
            host.getPropertiesComponent().addInitialProperty("fetch.proxy", proxy.url());
            host.getPropertiesComponent().addInitialProperty("fetch.allow-private", "127.0.0.1:" + proxy.port());
            host.getRegistry().bind(FetchConfiguration.ENVIRONMENT, (java.util.function.Function<String, String>) k -> null);
            FetchConfiguration.bind(host);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:fetch").to("kamelet:url-fetch-action?concurrency=2");
                }
            });
            host.start();
            ProducerTemplate producer = host.createProducerTemplate();

            BatchReport report = producer.requestBody("direct:fetch",
                    server.url("/bytes/1") + "\nhttp://localhost:" + server.port() + "/bytes/1\nhttp://2130706433:"
                    + server.port() + "/bytes/1", BatchReport.class);

            assertThat(report.results()).extracting(FetchResult::outcome)
                    .containsExactly(Outcome.BLOCKED, Outcome.BLOCKED, Outcome.BLOCKED);
            assertThat(report.results().get(0).error()).contains("127.0.0.1 resolves to 127.0.0.1, a loopback address");
            assertThat(proxy.requestLines()).as("nothing was sent to the proxy").isEmpty();
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void withTheGuardOnTheProxyMustBeAllowedAndAnAllowedTargetGoesThroughIt() throws Exception {
        try (ForwardProxy unlisted = ForwardProxy.start(); DefaultCamelContext host = new DefaultCamelContext()) {
            host.getPropertiesComponent().addInitialProperty("fetch.allow-private",
                    "127.0.0.1:" + proxy.port() + ",127.0.0.1:" + server.port());
            host.getRegistry().bind(FetchConfiguration.ENVIRONMENT, (java.util.function.Function<String, String>) Map.of(
                    "http_proxy", proxy.url(), "https_proxy", unlisted.url())::get);
            FetchConfiguration.bind(host);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:fetch").to("kamelet:url-fetch-action?concurrency=2");
                }
            });
            host.start();

            BatchReport report = host.createProducerTemplate().requestBody("direct:fetch",
                    server.url("/bytes/2") + "\nhttps://127.0.0.1:" + server.port() + "/bytes/1", BatchReport.class);

            assertThat(report.results()).extracting(FetchResult::outcome).containsExactly(Outcome.OK, Outcome.BLOCKED);
            assertThat(proxy.requestLines()).containsExactly("GET " + server.url("/bytes/2") + " HTTP/1.1");
            assertThat(report.results().get(1).error()).as("the https proxy is not on the allow-list")
                    .contains("--allow-private 127.0.0.1:" + unlisted.port());
            assertThat(unlisted.requestLines()).isEmpty();
        }
    }
}
