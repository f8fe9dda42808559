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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
            Process service = startService(inbox, port);
            try {

                drop(inbox, "prices.txt", server.uri("/bytes/3") + "\n" + server.uri("/status/503") + "\nnot a url\n");
                drop(inbox, "scan.txt", "%PDF-1.7 not a list");
                drop(inbox, "orders.jsonl", "{\"url\": \"" + server.uri("/echo/201") + "\", \"method\": \"POST\", "
                        + "\"body\": \"qty=2\", \"id\": \"order-7\"}\n");

                await("the list is reported", () -> taken(inbox, ".done", "prices", ".report.json").size() == 1
                        && taken(inbox, ".done", "prices", ".txt").size() == 1);
                JsonNode json = new ObjectMapper().readTree(taken(inbox, ".done", "prices", ".report.json").get(0).toFile());
                assertThat(json.get("urls").asInt()).isEqualTo(3);
                assertThat(json.get("outcomes").get("ok").asInt()).isEqualTo(1);
                await("the binary file is refused", () -> taken(inbox, ".failed", "scan", ".txt").size() == 1);
                assertThat(Files.readString(taken(inbox, ".failed", "scan", ".reason.txt").get(0))).contains("binary file");
                assertThat(inbox.resolve("prices.txt")).doesNotExist();
                await("the JSON Lines list is reported", () -> taken(inbox, ".done", "orders", ".report.json").size() == 1);
                JsonNode order = new ObjectMapper().readTree(taken(inbox, ".done", "orders", ".report.json").get(0).toFile())
                        .get("results").get(0);
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

    @Test
    void aListWrittenInPlaceIsReadOnceWholeAndAnEmptyOneIsReportedBesideIt() throws Exception {
        watching((inbox, server) -> {
            List<String> lines = IntStream.range(0, 40).mapToObj(i -> server.uri("/bytes/1?line=" + i).toString())
                    .toList();
            String whole = String.join("\n", lines) + "\n";
            // A shell writer: '>' with half the list, cut mid-line, then '>>' with the rest half a second later.
            Path list = inbox.resolve("partners.txt");
            Files.writeString(list, whole.substring(0, whole.length() / 2), StandardCharsets.UTF_8);
            Files.writeString(inbox.resolve("empty.txt"), "");
            Thread.sleep(500); // the writer's pause, well within the 2 s a list must stay unchanged
            Files.writeString(list, whole.substring(whole.length() / 2), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);

            await("both lists reported", () -> taken(inbox, ".done", "partners", ".report.json").size() == 1
                    && taken(inbox, ".done", "empty", ".report.json").size() == 1);
            JsonNode report = report(inbox, "partners");
            assertThat(report.get("urls").asInt()).isEqualTo(40);
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(40);
            assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query)
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).mapToObj(i -> "line=" + i).toList());
            JsonNode empty = report(inbox, "empty");
            assertThat(empty.get("urls").asInt()).isZero();
        });
    }

    @Test
    void aNameDroppedAgainWhileItsListRunsIsAListOfItsOwnAndNothingIsOverwritten() throws Exception {
        watching((inbox, server) -> {
            drop(inbox, "dup.txt", server.uri("/delay/1500?list=first") + "\n");
            await("the first list is being fetched", () -> server.received().stream()
                    .anyMatch(r -> "list=first".equals(r.query())));
            drop(inbox, "dup.txt", server.uri("/bytes/2?list=second") + "\n");

            await("both lists reported", () -> taken(inbox, ".done", "dup", ".report.json").size() == 2
                    && taken(inbox, ".done", "dup", ".txt").size() == 2);
            assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query)
                    .containsExactlyInAnyOrder("list=first", "list=second");
            List<String> urls = new ArrayList<>();
            for (Path report : taken(inbox, ".done", "dup", ".report.json")) {
                urls.add(new ObjectMapper().readTree(report.toFile()).get("results").get(0).get("url").asText());
            }
            assertThat(urls).containsExactlyInAnyOrder(server.uri("/delay/1500?list=first").toString(),
                    server.uri("/bytes/2?list=second").toString());
        });
    }

    @Test
    void aListTheServiceWasFetchingWhenKilledIsFetchedAgainAfterARestart() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Process first = startService(inbox, freePort());
            try {
                drop(inbox, "slow.txt", server.uri("/delay/3000?run=first") + "\n");
                await("the list is being fetched", () -> !server.received().isEmpty());
            } finally {
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: the list stays in .running/
            }
            assertThat(taken(inbox, ".running", "slow", ".txt")).hasSize(1);

            Files.delete(dir.resolve("service.log"));
            Process second = startService(inbox, freePort());
            try {
                await("the list is fetched again and reported", () ->
                        taken(inbox, ".done", "slow", ".report.json").size() == 1);
                assertThat(log()).contains("was being fetched when the service stopped");
                assertThat(taken(inbox, ".running", "slow", ".txt")).isEmpty();
            } finally {
                assertThat(TestProcesses.stop(second, Duration.ofSeconds(40))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    /** What a test does with a running service that watches {@code inbox}, whose lists go to {@code server}. */
    private interface WhileWatching {
        void run(Path inbox, LocalTargetServer server) throws Exception;
    }

    /** Runs the test against a service started for it, and stops the service with SIGTERM after it. */
    private void watching(WhileWatching test) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Process service = startService(inbox, freePort());
            try {
                test.run(inbox, server);
            } finally {
                assertThat(TestProcesses.stop(service, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    /** The one report of a list dropped as {@code name}. */
    private static JsonNode report(Path inbox, String name) throws IOException {
        return new ObjectMapper().readTree(taken(inbox, ".done", name, ".report.json").get(0).toFile());
    }

    /** Starts the packaged jar watching the folder and waits until it says so. */
    private Process startService(Path inbox, int port) throws IOException {
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString(),
                "--watch", inbox.toString(), "--http-port", String.valueOf(port))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile())
                .start();
        await("the service is up", () -> log().contains("watching " + inbox));
        return service;
    }

    /** The files of a subfolder that a list dropped as {@code name} became: {@code name-<when taken><suffix>}. */
    private static List<Path> taken(Path inbox, String folder, String name, String suffix) {
        Path sub = inbox.resolve(folder);
        if (!Files.isDirectory(sub)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sub)) {
            return files.filter(f -> f.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(name) + "-\\d{8}-\\d{6}-\\d{3}" + java.util.regex.Pattern.quote(suffix)))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
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
