package io.urlfetcher.cli;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.demo.LocalTargetServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --watch DIR --http-port N} as a service runs: the packaged jar in its own JVM, fed URL lists through a
 * folder, scraped over HTTP for health and metrics, stopped with SIGTERM.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@SlowTest
class WatchModeIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void listsDroppedIntoTheFolderAreFetchedAndTheServiceReportsHealthAndMetrics() throws Exception {
        int port = freePort();
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString(),
                    "--watch", inbox.toString(), "--http-port", String.valueOf(port))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile())
                    .start();
            try {
                await("the service is up", () -> log().contains("watching " + inbox));

                drop(inbox, "prices.txt", server.uri("/bytes/3") + "\n" + server.uri("/status/503") + "\nnot a url\n");
                drop(inbox, "scan.txt", "%PDF-1.7 not a list");
                drop(inbox, "orders.jsonl", "{\"url\": \"" + server.uri("/echo/201") + "\", \"method\": \"POST\", "
                        + "\"body\": \"qty=2\", \"id\": \"order-7\"}\n");

                Path report = inbox.resolve(".done/prices.report.json");
                await("the list is reported", () -> Files.exists(report) && Files.exists(inbox.resolve(".done/prices.txt")));
                JsonNode json = new ObjectMapper().readTree(report.toFile());
                assertThat(json.get("urls").asInt()).isEqualTo(3);
                assertThat(json.get("outcomes").get("ok").asInt()).isEqualTo(1);
                await("the binary file is refused", () -> Files.exists(inbox.resolve(".failed/scan.txt")));
                assertThat(Files.readString(inbox.resolve(".failed/scan.reason.txt"))).contains("binary file");
                assertThat(inbox.resolve("prices.txt")).doesNotExist();
                Path orders = inbox.resolve(".done/orders.report.json");
                await("the JSON Lines list is reported", () -> Files.exists(orders));
                JsonNode order = new ObjectMapper().readTree(orders.toFile()).get("results").get(0);
                assertThat(order.get("status").asInt()).isEqualTo(201);
                assertThat(order.get("method").asText()).isEqualTo("POST");
                assertThat(order.get("id").asText()).isEqualTo("order-7");

                HttpResponse<String> health = get(port, "/observe/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("UP");
                String metrics = get(port, "/observe/metrics").body();
                assertThat(metrics).containsPattern("urlfetcher_results_total\\{outcome=\"ok\"[^}]*} 2(\\.0)?\\n")
                        .containsPattern("urlfetcher_results_total\\{outcome=\"http_error\"[^}]*} 1(\\.0)?\\n")
                        .containsPattern("urlfetcher_results_total\\{outcome=\"invalid_url\"[^}]*} 1(\\.0)?\\n")
                        .containsPattern("urlfetcher_fetch_seconds_count(\\{[^}]*})? 3(\\.0)?\\n")
                        .containsPattern("urlfetcher_in_flight(\\{[^}]*})? 0(\\.0)?\\n");
            } finally {
                assertThat(TestProcesses.stop(service, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Written beside the folder, then moved in: the service never sees half a list. */
    private void drop(Path inbox, String name, String content) throws IOException {
        Path written = Files.writeString(dir.resolve(name + ".part"), content, StandardCharsets.UTF_8);
        Files.move(written, inbox.resolve(name));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("service.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits up to a minute; a timeout names what was awaited and shows the service's log. */
    private void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(condition.getAsBoolean()).as(() -> what + "\n" + log()).isTrue());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
