package io.urlfetcher.http;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS end to end: the command line against real TLS servers on 127.0.0.1 whose certificates the test makes at run
 * time (a throw-away CA; valid, expired and wrong-host server certificates; a client certificate).
 */
@Timeout(120)
@SlowTest
class HttpsFetchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CERT_PASSWORD = "p12-9c1e-never-shown";

    private static TestCertificates.Issued ca;
    private static TestCertificates.Issued localhost;

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension plainServer = new LocalServerExtension();

    private final List<AutoCloseable> servers = new ArrayList<>();
    private CommandRunner.Run last;
    private JsonNode report;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.ca("url-fetcher test CA");
        localhost = TestCertificates.localhost(ca);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
        System.clearProperty("fetch.cert-password");
    }

    private TlsTestServer server(TestCertificates.Issued certificate, java.security.cert.X509Certificate... clientCa)
            throws Exception {
        TlsTestServer server = TlsTestServer.start(certificate, clientCa);
        servers.add(server);
        return server;
    }

    private Path caPem() throws Exception {
        return TestCertificates.writeCaPem(ca, dir.resolve("ca.pem"));
    }

    /** Runs the CLI on these URLs with a JSON report file; returns the results. */
    private List<JsonNode> fetch(List<String> urls, String... options) throws IOException {
        CommandRunner.Reported reported = CommandRunner.runOnLines(dir, "urls.txt", urls,
                Stream.concat(Stream.of("--user-agent", "fixed"), Arrays.stream(options)).toArray(String[]::new));
        last = reported.run();
        assertThat(last.exitCode()).as(last.stderr()).isZero();
        report = reported.report();
        List<JsonNode> results = reported.results();
        assertThat(results).hasSize(urls.size());
        return results;
    }

    private JsonNode fetchOne(String url, String... options) throws IOException {
        return fetch(List.of(url), options).get(0);
    }

    @Test
    void aServerSignedByTheCacertBundleIsOkOverNameAndIpAndItsHandshakeIsTimedOnceAConnection() throws Exception {
        TlsTestServer server = server(localhost);

        List<JsonNode> results = fetch(List.of(server.url("/a"), server.ipUrl("/b"), server.url("/c")),
                "--cacert", caPem().toString(), "--mode", "sequential", "--inline-body", "1KB");

        assertThat(results).extracting(r -> r.get("outcome").asText()).containsExactly("ok", "ok", "ok");
        assertThat(results.get(0).get("body").asText()).isEqualTo("hello over TLS /a");
        // localhost and 127.0.0.1 are two routes, so two new connections, each with a TLS handshake ...
        for (JsonNode fresh : List.of(results.get(0), results.get(1))) {
            assertThat(fresh.get("timings").get("reused").asBoolean()).isFalse();
            assertThat(fresh.get("timings").get("tls").asDouble()).isPositive();
        }
        // ... and the third URL reuses the first connection: no handshake.
        assertThat(results.get(2).get("timings").get("reused").asBoolean()).isTrue();
        assertThat(results.get(2).get("timings").get("tls").isNull()).isTrue();
        assertThat(server.connections()).isEqualTo(2);
        assertThat(report.has("insecure")).isFalse();
    }

    @Test
    void withoutTheCacertTheIssuerIsUntrusted() throws Exception {
        JsonNode result = fetchOne(server(localhost).url("/"));

        assertThat(result.get("outcome").asText()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.UNTRUSTED);
    }

    @Test
    void cacertOnlyDropsTheJdkCasButStillTrustsTheBundle() throws Exception {
        JsonNode result = fetchOne(server(localhost).url("/"), "--cacert", caPem().toString(), "--cacert-only");

        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
    }

    @Test
    void anExpiredCertificateSaysExpired() throws Exception {
        JsonNode result = fetchOne(server(TestCertificates.expiredLocalhost(ca)).url("/"), "--cacert", caPem().toString());

        assertThat(result.get("outcome").asText()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.EXPIRED);
    }

    @Test
    void aCertificateForAnotherHostSaysHostnameMismatch() throws Exception {
        JsonNode result = fetchOne(server(TestCertificates.otherHost(ca)).url("/"), "--cacert", caPem().toString());

        assertThat(result.get("outcome").asText()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.HOSTNAME);
    }

    @Test
    void aServerThatRefusesTheHandshakeSaysHandshakeFailure() throws Exception {
        RawAnswerServer refusing = new RawAnswerServer(RawAnswerServer.HANDSHAKE_FAILURE_ALERT);
        servers.add(refusing);

        JsonNode result = fetchOne("https://127.0.0.1:" + refusing.port() + "/");

        assertThat(result.get("outcome").asText()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.HANDSHAKE);
    }

    @Test
    void aPlainHttpServerThatAnswersTheClientHelloAtOnceIsNotTls() throws Exception {
        RawAnswerServer plain = new RawAnswerServer(RawAnswerServer.PLAIN_HTTP_400);
        servers.add(plain);

        JsonNode result = fetchOne("https://127.0.0.1:" + plain.port() + "/");

        assertThat(result.get("outcome").asText()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.NOT_TLS);
    }

    @Test
    void insecureFetchesAnUntrustedWrongHostServerWithOneWarningAndSaysSoInTheReport() throws Exception {
        TlsTestServer server = server(TestCertificates.otherHost(TestCertificates.ca("nobody's CA")));

        List<JsonNode> results = fetch(List.of(server.url("/a"), server.url("/b")), "--insecure");

        assertThat(results).extracting(r -> r.get("outcome").asText()).containsExactly("ok", "ok");
        assertThat(report.get("insecure").asBoolean()).isTrue();
        String all = last.stdout() + last.stderr();
        assertThat(all.split(java.util.regex.Pattern.quote(ClientTls.INSECURE_WARNING), -1)).hasSize(2);
    }

    @Test
    void aServerThatNeedsAClientCertificateGetsThePemOne() throws Exception {
        TlsTestServer server = server(localhost, ca.certificate());
        TestCertificates.Issued client = TestCertificates.client(ca, "fetcher-client");

        JsonNode result = fetchOne(server.url("/"), "--cacert", caPem().toString(),
                "--cert", client.writeCertificatePem(dir.resolve("client.pem")).toString(),
                "--key", client.writeKeyPem(dir.resolve("client.key")).toString());

        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(server.clientNames()).containsExactly("CN=fetcher-client");
    }

    @Test
    void aServerThatNeedsAClientCertificateAndGetsNoneIsATlsError() throws Exception {
        TlsTestServer server = server(localhost, ca.certificate());

        JsonNode result = fetchOne(server.url("/"), "--cacert", caPem().toString());

        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.CLIENT_CERTIFICATE);
        assertThat(server.requests()).isZero();
    }

    @Test
    void aPkcs12ClientCertificateTakesItsPasswordFromBesideTheCommandLineAndNeverShowsIt() throws Exception {
        TlsTestServer server = server(localhost, ca.certificate());
        Path p12 = TestCertificates.client(ca, "p12-client").writePkcs12(dir.resolve("client.p12"), CERT_PASSWORD);
        // As a deployment gives it: FETCH_CERT_PASSWORD in the environment, which Camel maps to fetch.cert-password.
        System.setProperty("fetch.cert-password", CERT_PASSWORD);

        JsonNode result = fetchOne(server.url("/"), "--cacert", caPem().toString(), "--cert", p12.toString());

        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(server.clientNames()).containsExactly("CN=p12-client");
        assertThat(last.stdout() + last.stderr() + report.toString()).doesNotContain(CERT_PASSWORD);
        // There is no flag for it: a command line shows in ps.
        CommandRunner.Run flag = CommandRunner.run("--urls", dir.resolve("urls.txt").toString(), "--cert-password", "x");
        assertThat(flag.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aWrongPkcs12PasswordIsAConfigurationErrorThatDoesNotEchoIt() throws Exception {
        Path p12 = TestCertificates.client(ca, "p12-client").writePkcs12(dir.resolve("client.p12"), CERT_PASSWORD);
        System.setProperty("fetch.cert-password", "wrong-" + CERT_PASSWORD);
        Path list = Files.writeString(dir.resolve("urls.txt"), server(localhost).url("/") + "\n");

        CommandRunner.Run run = CommandRunner.run("--urls", list.toString(), "--cert", p12.toString(),
                "--sink", "file:" + dir.resolve("reports"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("PKCS12").contains("FETCH_CERT_PASSWORD").doesNotContain(CERT_PASSWORD);
    }

    @Test
    void aBadCertificateFileIsOneLineNamingTheFileAndWhyAndExitTwoBeforeAnythingStarts() throws Exception {
        TestCertificates.Issued client = TestCertificates.client(ca, "fetcher-client");
        Path cert = client.writeCertificatePem(dir.resolve("client.pem"));
        Path key = client.writeKeyPem(dir.resolve("client.key"));
        Path missing = dir.resolve("missing.pem");
        Path folder = Files.createDirectories(dir.resolve("a-folder.pem")); // unreadable for root too, unlike chmod 000
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        Path list = Files.writeString(dir.resolve("urls.txt"), server(localhost).url("/") + "\n");
        record Case(List<String> options, Path file, String reason) {
        }
        List<Case> cases = List.of(
                new Case(List.of("--cacert", missing.toString()), missing, "no such file"),
                new Case(List.of("--cacert", folder.toString()), folder, "is a directory"),
                new Case(List.of("--cacert", text.toString()), text, "is not a PEM certificate file"),
                new Case(List.of("--cacert", key.toString()), key, "is not a PEM certificate file"),
                new Case(List.of("--cert", missing.toString(), "--key", key.toString()), missing, "no such file"),
                new Case(List.of("--cert", text.toString(), "--key", key.toString()), text, "is not a PEM certificate file"),
                new Case(List.of("--cert", cert.toString(), "--key", missing.toString()), missing, "no such file"),
                new Case(List.of("--cert", cert.toString(), "--key", folder.toString()), folder, "is a directory"),
                new Case(List.of("--cert", cert.toString(), "--key", cert.toString()), cert, "is not a PEM private key file"),
                new Case(List.of("--cert", missing.toString()), missing, "no such file"), // a PKCS12 file
                new Case(List.of("--cert", cert.toString()), cert, "is a PEM file: give its private key with --key"));

        for (Case bad : cases) {
            List<String> args = new ArrayList<>(List.of("--urls", list.toString(), "--sink", "file:" + dir.resolve("reports")));
            args.addAll(bad.options());
            CommandRunner.Run run = CommandRunner.run(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(bad.options() + ": " + run.stderr()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.stderr().lines().filter(l -> !l.isBlank()).toList()).as(bad.options().toString())
                    .singleElement().asString()
                    .startsWith("url-fetcher: --").contains(bad.file().toString() + (bad.reason().startsWith("is") ? " " : ": ") + bad.reason())
                    .doesNotContain("Exception");
        }
        assertThat(dir.resolve("reports")).doesNotExist(); // nothing ran: not even the sink's folder was made
    }

    @Test
    void twoHundredUrlsOnOneHostAtConcurrencyTenOpenAtMostTenTlsConnections() throws Exception {
        TlsTestServer server = server(localhost);
        List<String> urls = IntStream.range(0, 200).mapToObj(i -> server.url("/page/" + i)).collect(Collectors.toList());

        List<JsonNode> results = fetch(urls, "--cacert", caPem().toString(), "--concurrency", "10", "--quiet");

        assertThat(results).allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("ok"));
        assertThat(server.requests()).isEqualTo(200);
        assertThat(server.connections()).isBetween(1, 10);
        long handshakes = results.stream().filter(r -> !r.get("timings").get("tls").isNull()).count();
        assertThat(handshakes).isEqualTo(results.stream().filter(r -> !r.get("timings").get("reused").asBoolean()).count())
                .isLessThanOrEqualTo(10);
    }

    @Test
    void aNewConnectionToTheSameHostResumesTheTlsSession() throws Exception {
        TlsTestServer server = server(localhost);
        List<String> urls = IntStream.range(0, 3).mapToObj(i -> server.url("/close/" + i)).collect(Collectors.toList());

        List<JsonNode> results = fetch(urls, "--cacert", caPem().toString(), "--mode", "sequential");

        assertThat(results).allSatisfy(r -> {
            assertThat(r.get("outcome").asText()).isEqualTo("ok");
            assertThat(r.get("timings").get("reused").asBoolean()).isFalse();
            assertThat(r.get("timings").get("tls").asDouble()).isPositive();
        });
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.sessionCreationTimes()).hasSize(1); // one full handshake, then two resumptions (TLS 1.3 PSK)
    }

    @Test
    void httpsToAPlainHttpPortFailsAsATlsErrorWellBeforeTheDeadline() throws Exception {
        JsonNode result = fetchOne("https://127.0.0.1:" + plainServer.port() + "/bytes/10", "--timeout", "20s");

        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("tls_error");
        assertThat(result.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.NOT_TLS);
        assertThat(result.get("millis").asLong()).isLessThan(5000);
    }

    @Test
    void httpsToAPlainPortIsATlsErrorWithinTheHandshakeTimeoutAlsoWhenTheDeadlineIsAsLong() throws Exception {
        RawAnswerServer answering = new RawAnswerServer(RawAnswerServer.PLAIN_HTTP_400); // as nginx's plain port does
        servers.add(answering);
        // The JDK's HTTP server waits for a request line: it never answers the ClientHello.
        List<String> urls = List.of("https://127.0.0.1:" + answering.port() + "/", "https://127.0.0.1:" + plainServer.port() + "/a",
                "https://localhost:" + plainServer.port() + "/b");

        for (List<String> options : List.of(List.of("--timeout", "1500ms"), List.of("--timeout", "1s"), // longer, as long
                List.of("--timeout", "1s", "--http2"))) {
            List<String> all = new ArrayList<>(options);
            all.addAll(List.of("--tls-handshake-timeout", "1s"));
            List<JsonNode> results = fetch(urls, all.toArray(String[]::new));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.get("outcome").asText()).as(options + ": " + r).isEqualTo("tls_error");
                assertThat(r.get("error").asText()).startsWith("tls_error: " + TlsFailureReason.NOT_TLS);
                assertThat(r.get("millis").asLong()).isLessThan(2500);
            });
        }
    }

    /**
     * Answers every ClientHello with the same bytes: a fatal handshake_failure alert, as a server with no protocol or
     * cipher in common does, or a plain-HTTP 400, as nginx does on its plain port.
     */
    private static final class RawAnswerServer implements AutoCloseable {

        static final byte[] HANDSHAKE_FAILURE_ALERT = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
        static final byte[] PLAIN_HTTP_400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private final byte[] answer;
        private final ServerSocket socket;
        private final Thread acceptor;

        RawAnswerServer(byte[] answer) throws IOException {
            this.answer = answer;
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::serve, "raw-answer-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    InputStream in = client.getInputStream();
                    in.readNBytes(5); // the record header of the ClientHello is enough to know it is one
                    OutputStream out = client.getOutputStream();
                    out.write(answer);
                    out.flush();
                } catch (IOException e) {
                    // closed by the test, or the client gave up
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
