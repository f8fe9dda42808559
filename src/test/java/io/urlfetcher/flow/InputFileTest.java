package io.urlfetcher.flow;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** URL files as other systems write them: every odd line gets its own clear outcome, and secrets stay out of sight. */
@Timeout(60)
class InputFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private Path reports() throws IOException {
        return Files.createDirectories(dir.resolve("reports"));
    }

    private String reportText() throws IOException {
        try (Stream<Path> files = Files.list(reports())) {
            return Files.readString(files.findFirst().orElseThrow());
        }
    }

    private List<String> outcomes(JsonNode results) {
        List<String> outcomes = new ArrayList<>();
        results.forEach(r -> outcomes.add(r.get("line").asInt() + ":" + r.get("outcome").asText()));
        return outcomes;
    }

    @Test
    void everyOddLineGetsItsOwnOutcomeAndTheRestRuns() throws IOException {
        String ok = server.uri("/bytes/3").toString();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }); // byte-order mark
        file.write((ok + "\r\n").getBytes(StandardCharsets.UTF_8));                        // 1: CRLF
        file.write((ok + "?bad=").getBytes(StandardCharsets.UTF_8));                        // 2: invalid UTF-8
        file.write(new byte[] { (byte) 0xC3, (byte) 0x28, '\n' });
        file.write((ok + "?nul=\u0000x\n").getBytes(StandardCharsets.UTF_8));               // 3: NUL byte
        file.write(("http://127.0.0.1:" + server.port() + "/" + "x".repeat(100_000) + "\n")
                .getBytes(StandardCharsets.UTF_8));                                          // 4: 100 KB line
        file.write(("http://127.0.0.1:" + server.port() + "/has space\n").getBytes(StandardCharsets.UTF_8)); // 5
        file.write((ok + "\n" + ok + "\n").getBytes(StandardCharsets.UTF_8));               // 6, 7: duplicates
        file.write(("http://bücher.example/\n").getBytes(StandardCharsets.UTF_8));          // 8: IDN first label
        Path urls = Files.write(dir.resolve("urls.txt"), file.toByteArray());

        CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--sink", "file:" + reports());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode results = JSON.readTree(reportText()).get("results");
        assertThat(outcomes(results)).containsExactly("1:ok", "2:invalid_url", "3:invalid_url", "4:invalid_url",
                "5:invalid_url", "6:ok", "7:ok", "8:unsupported_host");
        assertThat(results.get(1).get("error").asText()).isEqualTo("line 2: contains control characters or bytes that are not UTF-8");
        assertThat(results.get(3).get("error").asText()).startsWith("line 4: URL is 100023 characters long");
        assertThat(server.requestCount()).isEqualTo(3);

        CommandRunner.Run deduped = CommandRunner.run("--urls", urls.toString(), "--dedupe", "--sink", "file:" + dir);
        assertThat(deduped.stdout()).contains("2 duplicate");
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void aLoneCarriageReturnAndAPortOutOfRangeAreInvalidUrlsOnTheirOwnLines() throws IOException {
        String ok = server.uri("/bytes/3").toString();
        Path urls = Files.writeString(dir.resolve("urls.txt"), ok + "\n" + ok + "?a\r" + ok + "?b\r\n"
                + "http://127.0.0.1:99999/\n" + "http://127.0.0.1:0/\n" + ok + "\n");

        CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--sink", "file:" + reports());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode results = JSON.readTree(reportText()).get("results");
        assertThat(outcomes(results)).containsExactly("1:ok", "2:invalid_url", "3:invalid_url", "4:invalid_url", "5:ok");
        assertThat(results.get(1).get("error").asText()).startsWith("line 2: contains control characters");
        assertThat(results.get(2).get("error").asText()).isEqualTo("line 3: port 99999 is out of range; a port is 1 to 65535");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void aBinaryFileIsAUsageError() throws IOException {
        byte[] png = new byte[2048];
        png[0] = (byte) 0x89;
        png[1] = 'P';
        png[2] = 'N';
        png[3] = 'G';
        Path image = Files.write(dir.resolve("logo.png"), png);

        CommandRunner.Run run = CommandRunner.run("--urls", image.toString(), "--sink", "file:" + reports());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("cannot read URL list '" + image + "': it is a binary file");
    }

    @Test
    void passwordsAndAuthorizationValuesNeverShow() throws IOException {
        Path urls = Files.writeString(dir.resolve("urls.txt"), String.join("\n",
                "http://alice:hunter2@127.0.0.1:" + server.port() + "/status/401",
                "http://bob:swordfish@127.0.0.1:1/refused",
                "ftp://carol:letmein@127.0.0.1/file") + "\n");

        CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--sink", "file:" + reports(),
                "--header", "Authorization: Bearer t0p-s3cret", "--header", "Cookie: session=c00kie-s3cret",
                "--retries", "1", "--retry-backoff", "10ms");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String everything = run.stdout() + run.stderr() + reportText();
        assertThat(everything).contains("alice:***@", "bob:***@", "carol:***@")
                .doesNotContain("hunter2", "swordfish", "letmein", "t0p-s3cret", "c00kie-s3cret");
    }

    @Test
    void aMalformedHeaderFlagIsAUsageErrorThatHidesTheValue() throws IOException {
        Path urls = Files.writeString(dir.resolve("urls.txt"), server.uri("/bytes/1") + "\n");

        CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--header", "Authorization Bearer s3cret");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("invalid --header '(hidden)'").doesNotContain("s3cret");
    }
}
