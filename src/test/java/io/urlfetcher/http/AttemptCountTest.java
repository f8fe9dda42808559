package io.urlfetcher.http;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code attempts} counts every try HttpClient started, through the command line: a connection that was refused is an
 * attempt as much as one that was answered, as curl's {@code --retry N --retry-connrefused} makes N + 1 tries.
 */
@Timeout(60)
class AttemptCountTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void aRefusedConnectionRetriedTwiceTookThreeAttempts() throws IOException {
        String refused = "http://127.0.0.1:" + freePort() + "/refused";
        List<JsonNode> results = CommandRunner.runOnLines(dir, "urls.txt", List.of(refused, server.url("/bytes/5")),
                "--retries", "2", "--retry-backoff", "10ms").results();

        assertThat(results.get(0).get("outcome").asText()).isEqualTo("connection_refused");
        assertThat(results.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("ok");
        assertThat(results.get(1).get("attempts").asInt()).as("answered at once: no retry").isEqualTo(1);
    }

    @Test
    void aRefusedConnectionWithoutRetriesTookOneAttempt() throws IOException {
        String refused = "http://127.0.0.1:" + freePort() + "/refused";
        JsonNode result = CommandRunner.runOnLines(dir, "urls.txt", List.of(refused)).results().get(0);

        assertThat(result.get("outcome").asText()).isEqualTo("connection_refused");
        assertThat(result.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aRetriedStatusCountsEachRequestTheServerSaw() throws IOException {
        JsonNode result = CommandRunner.runOnLines(dir, "urls.txt", List.of(server.url("/status/503")),
                "--retries", "2", "--retry-backoff", "10ms").results().get(0);

        assertThat(result.get("attempts").asInt()).isEqualTo(3);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    /** A port nothing listens on. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
