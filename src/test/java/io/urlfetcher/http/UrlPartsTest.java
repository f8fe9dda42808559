package io.urlfetcher.http;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of a URL that are not sent as written: {@code user:password@} and {@code #fragment}, through the command line. */
@Timeout(60)
class UrlPartsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private CommandRunner.Run last;

    private JsonNode run(String... args) throws IOException {
        CommandRunner.Reported reported = CommandRunner.runWithReport(dir, args);
        last = reported.run();
        assertThat(reported.report()).as(last.stderr()).isNotNull();
        return reported.report();
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** The URL with {@code userInfo@} before its host. */
    private String withUserInfo(String userInfo, String path) {
        return server.url(path).replace("://", "://" + userInfo + "@");
    }

    @SuppressWarnings("unchecked")
    private List<String> authorizations() {
        return server.echoed().stream().map(echo -> ((Map<String, String>) echo.get("headers")).get("authorization")).toList();
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUserAndPasswordInTheUrlAreSentAsBasicAuthenticationAndRedactedEverywhere() throws IOException {
        String url = withUserInfo("ann%40shop:s3cr%C3%A9t%3Ax", "/echo/200");

        JsonNode report = run("--urls", file("urls.txt", url).toString(),
                "--response-sink", "log:responses?showHeaders=true&level=WARN"); // the sink's headers in the log

        JsonNode result = report.get("results").get(0);
        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(last.stderr()).contains("FetchUrl=" + url.replace("s3cr%C3%A9t%3Ax", "***"));
        assertThat(authorizations()).containsExactly(basic("ann@shop:s3crét:x")); // percent-decoded, UTF-8
        assertThat(result.get("url").asText()).isEqualTo(url.replace("s3cr%C3%A9t%3Ax", "***"));
        assertThat(result.get("finalUrl").asText()).isEqualTo(server.url("/echo/200"));
        assertThat(report.toString() + last.stdout() + last.stderr()).doesNotContain("s3cr");
    }

    @Test
    void theCredentialsFollowARedirectOnTheSameOrigin() throws IOException {
        JsonNode report = run("--urls", file("urls.txt", withUserInfo("ann:s3cret", "/redirect-echo/0")).toString());

        JsonNode result = report.get("results").get(0);
        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("redirects").asInt()).isEqualTo(1);
        assertThat(authorizations()).containsExactly(basic("ann:s3cret"));
    }

    @Test
    void theCredentialsAreNotSentOnARedirectToAnotherHost() throws IOException {
        JsonNode report = run("--urls", file("urls.txt", withUserInfo("ann:s3cret", "/redirect-echo/1")).toString());

        JsonNode result = report.get("results").get(0);
        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("redirects").asInt()).isEqualTo(1);
        assertThat(result.get("finalUrl").asText()).startsWith("http://localhost:").endsWith("/echo/200");
        assertThat(authorizations()).containsExactly((String) null);
    }

    @Test
    void aJsonLinesRequestKeepsItsOwnAuthorizationHeader() throws IOException {
        Path list = file("requests.jsonl", "{\"url\": \"" + withUserInfo("ann:s3cret", "/echo/200")
                + "\", \"headers\": {\"authorization\": \"Bearer own-token\"}}");

        JsonNode report = run("--urls", list.toString());

        assertThat(report.get("results").get(0).get("outcome").asText()).isEqualTo("ok");
        assertThat(authorizations()).containsExactly("Bearer own-token");
    }

    @Test
    void theFragmentIsNotSentButTheReportKeepsTheUrlAsGiven() throws IOException {
        String url = server.url("/bytes/10?x=1#section-2");

        JsonNode report = run("--urls", file("urls.txt", url).toString());

        JsonNode result = report.get("results").get(0);
        assertThat(result.get("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("url").asText()).isEqualTo(url);
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/bytes/10");
            assertThat(request.query()).isEqualTo("x=1");
        });
    }
}
