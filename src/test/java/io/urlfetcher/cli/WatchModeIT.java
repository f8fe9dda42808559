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
                // The report is written by the route's last step, the list moved to .done/ when the exchange completes.
                await("the list is fetched again, reported and moved to .done/", () ->
                        taken(inbox, ".done", "slow", ".report.json").size() == 1
                        && taken(inbox, ".done", "slow", ".txt").size() == 1);
                assertThat(log()).contains("was being fetched when the service stopped");
                assertThat(taken(inbox, ".running", "slow", ".txt")).isEmpty();
            } finally {
                assertThat(TestProcesses.stop(second, Duration.ofSeconds(40))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void aListStoppedBySigtermKeepsItsReportAndTheRestartFetchesOnlyTheLinesWithoutAResult() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (LocalTargetServer server = LocalTargetServer.start()) {
            List<String> lines = IntStream.range(0, 30).mapToObj(i -> server.uri("/delay/700?line=" + i).toString()).toList();
            Process first = startService(inbox, freePort(), "--concurrency", "3");
            try {
                drop(inbox, "partners.txt", String.join("\n", lines) + "\n");
                await("six lines requested", () -> server.received().size() >= 6);
            } finally {
                assertThat(TestProcesses.stop(first, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
            assertThat(taken(inbox, ".running", "partners", ".txt")).as("the list stays for the next start").hasSize(1);
            assertThat(taken(inbox, ".done", "partners", ".txt")).isEmpty();
            assertThat(taken(inbox, ".failed", "partners", ".txt")).isEmpty();
            JsonNode stopped = new ObjectMapper().readTree(taken(inbox, ".running", "partners", ".report.json").get(0).toFile());
            assertThat(stopped.get("urls").asInt()).isEqualTo(30);
            assertThat(stopped.get("stopped").asText()).contains("the service was stopped");
            int notStarted = stopped.get("outcomes").get("not_started").asInt();
            int doneBefore = stopped.get("outcomes").path("ok").asInt();
            assertThat(notStarted).isPositive();
            assertThat(doneBefore + notStarted).as("the requests in flight finished within the grace").isEqualTo(30);
            int requestsBefore = server.received().size();

            Files.delete(dir.resolve("service.log"));
            Process second = startService(inbox, freePort(), "--concurrency", "3");
            try {
                await("the resumed list is reported", () -> taken(inbox, ".done", "partners", ".report.json").size() == 1);
            } finally {
                assertThat(TestProcesses.stop(second, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
            JsonNode report = report(inbox, "partners");
            assertThat(report.get("urls").asInt()).isEqualTo(30);
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(30);
            assertThat(report.get("resumedLines").asInt()).isEqualTo(doneBefore);
            assertThat(report.has("stopped")).isFalse();
            List<String> urls = new ArrayList<>();
            report.get("results").forEach(result -> urls.add(result.get("url").asText()));
            assertThat(urls).as("every line once, in order").containsExactlyElementsOf(lines);
            assertThat(server.received()).as("the restart fetched only the lines without a result")
                    .hasSize(requestsBefore + notStarted);
            assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query).doesNotHaveDuplicates();
            assertThat(inbox.resolve(".state")).isEmptyDirectory();
            assertThat(inbox.resolve(".running")).isEmptyDirectory();
        }
    }

    @Test
    void aListKilledMidWayIsResumedAfterARestartWithAtMostTheConcurrencyFetchedTwice() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        int concurrency = 4;
        try (LocalTargetServer server = LocalTargetServer.start()) {
            List<String> lines = IntStream.range(0, 60).mapToObj(i -> server.uri("/delay/300?line=" + i).toString()).toList();
            Process first = startService(inbox, freePort(), "--concurrency", String.valueOf(concurrency));
            try {
                drop(inbox, "prices.txt", String.join("\n", lines) + "\n");
                await("twenty lines requested", () -> server.received().size() >= 20);
            } finally {
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: nothing of the service runs after it
            }
            int requestsBefore = server.received().size();

            Files.delete(dir.resolve("service.log"));
            Process second = startService(inbox, freePort(), "--concurrency", String.valueOf(concurrency));
            try {
                await("the resumed list is reported", () -> taken(inbox, ".done", "prices", ".report.json").size() == 1);
            } finally {
                assertThat(TestProcesses.stop(second, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
            JsonNode report = report(inbox, "prices");
            assertThat(report.get("outcomes").get("ok").asInt()).isEqualTo(60);
            assertThat(report.get("resumedLines").asInt()).isGreaterThanOrEqualTo(requestsBefore - concurrency);
            List<String> urls = new ArrayList<>();
            report.get("results").forEach(result -> urls.add(result.get("url").asText()));
            assertThat(urls).as("every line once, in order").containsExactlyElementsOf(lines);
            assertThat(server.received().size()).as("requests: 60 lines, and at most the %d in flight at the kill again",
                    concurrency).isBetween(60, 60 + concurrency);
        }
    }

    @Test
    void aListWaitsForItsDoneFileWhenTheWriterMakesOne() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (LocalTargetServer server = LocalTargetServer.start()) {
            Process service = startService(inbox, freePort(), "--watch-done-file", "${file:name}.done",
                    "--watch-settle", "200ms");
            try {
                drop(inbox, "feeds.txt", server.uri("/bytes/4?list=feeds") + "\n");
                drop(inbox, "other.txt", server.uri("/bytes/4?list=other") + "\n");
                Files.writeString(inbox.resolve("other.txt.done"), "");
                await("the list with its done file is reported", () ->
                        taken(inbox, ".done", "other", ".report.json").size() == 1);
                // The done file is deleted when the list is moved to .done/, after its report is written.
                await("the done file goes with its list", () -> !Files.exists(inbox.resolve("other.txt.done")));
                assertThat(inbox.resolve("feeds.txt")).as("no done file yet: still waiting").exists();
                assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query).containsExactly("list=other");

                Files.writeString(inbox.resolve("feeds.txt.done"), "");
                await("the other list, once its done file is there", () ->
                        taken(inbox, ".done", "feeds", ".report.json").size() == 1);
                assertThat(server.received()).hasSize(2);
            } finally {
                assertThat(TestProcesses.stop(service, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void aReadOnlyDoneFolderTurnsTheHealthDownAndListsGoToFailedUnfetched() throws Exception {
        SmallFileSystem.assumeAvailable();
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        int port = freePort();
        try (LocalTargetServer server = LocalTargetServer.start();
             SmallFileSystem done = SmallFileSystem.mount(inbox.resolve(".done"), "1m")) {
            done.makeReadOnly();
            Process service = startService(inbox, port);
            try {
                drop(inbox, "prices.txt", server.uri("/bytes/3") + "\n");
                await("the list is failed", () -> taken(inbox, ".failed", "prices", ".reason.txt").size() == 1);
                assertThat(Files.readString(taken(inbox, ".failed", "prices", ".reason.txt").get(0)))
                        .contains("the folder .done in the inbox is not writable");
                assertThat(taken(inbox, ".failed", "prices", ".txt")).hasSize(1);
                assertThat(server.received()).as("nothing fetched that could not be reported").isEmpty();
                HttpResponse<String> health = get(port, "/observe/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"watch-folder\",\"status\":\"DOWN\"")
                        .contains("the folder .done in the inbox is not writable");
            } finally {
                assertThat(TestProcesses.stop(service, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void aReadOnlyInboxIsLoggedOnceAndTurnsTheHealthDownAndAGoneInboxToo() throws Exception {
        SmallFileSystem.assumeAvailable();
        Path inbox = dir.resolve("inbox");
        int port = freePort();
        try (LocalTargetServer server = LocalTargetServer.start();
             SmallFileSystem disk = SmallFileSystem.mount(inbox, "1m")) {
            Files.writeString(inbox.resolve("prices.txt"), server.uri("/bytes/3") + "\n");
            disk.makeReadOnly();
            Process service = startService(inbox, port, "--watch-settle", "100ms");
            try {
                await("the problem is logged", () -> log().contains("Read-only file system"));
                await("several polls later", () -> healthStatus(port) == 503);
                Thread.sleep(2000); // four more polls (one each 500 ms) that must not log again
                assertThat(log().lines().filter(line -> line.contains("Read-only file system")).count())
                        .as("logged once, not at every poll").isEqualTo(1);
                assertThat(get(port, "/observe/health").body()).contains("the inbox is not readable and writable");
                assertThat(inbox.resolve("prices.txt")).as("the list stays where it was").exists();
                assertThat(server.received()).isEmpty();
            } finally {
                assertThat(TestProcesses.stop(service, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void theHealthPortListensOnLoopbackOnlyUnlessToldOtherwise() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        int port = freePort();
        Process service = startService(inbox, port);
        try {
            await("health answers on 127.0.0.1", () -> healthStatus(port) == 200);
            assertThat(log()).contains("health and metrics on 127.0.0.1 port " + port);
            // 127.0.0.2 is loopback too, but a socket bound to 127.0.0.1 alone does not take its connections.
            assertThat(connects("127.0.0.2", port)).as("not on other addresses").isFalse();
        } finally {
            assertThat(TestProcesses.stop(service, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
        }
        Files.delete(dir.resolve("service.log"));
        Process everywhere = startService(inbox, port, "--http-host", "0.0.0.0");
        try {
            await("health answers on 127.0.0.1", () -> healthStatus(port) == 200);
            assertThat(connects("127.0.0.2", port)).as("--http-host 0.0.0.0: every address").isTrue();
        } finally {
            assertThat(TestProcesses.stop(everywhere, Duration.ofSeconds(20))).as("the service stops on SIGTERM").isTrue();
        }
    }

    /** The status of /observe/health, or -1 while the port does not answer. */
    private int healthStatus(int port) {
        try {
            return get(port, "/observe/health").statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean connects(String address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
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
    private Process startService(Path inbox, int port, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("urlfetcher.jar", "target/url-fetcher.jar")).toAbsolutePath().toString(),
                "--watch", inbox.toString(), "--http-port", String.valueOf(port)));
        command.addAll(List.of(more));
        Process service = new ProcessBuilder(command)
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
        // Over 127.0.0.1: the port listens there by default.
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
