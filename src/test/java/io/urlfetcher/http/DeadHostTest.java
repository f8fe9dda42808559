package io.urlfetcher.http;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.demo.LocalServerExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Dead hosts fail fast: the per-host circuit breaker ({@code --host-failures}, {@code --host-cooldown}) end to end. */
@Timeout(90)
@SlowTest
class DeadHostTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LocalServerExtension healthy = new LocalServerExtension();

    @Test
    void aStalledPortCostsOneRoundOfDeadlinesNotOnePerUrl() throws Exception {
        try (StalledPort stalled = new StalledPort()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                lines.add("http://127.0.0.1:" + stalled.port() + "/item/" + i);
                if (i % 10 == 0) {
                    lines.add(healthy.url("/bytes/5"));
                }
            }
            Path urls = Files.write(dir.resolve("urls.txt"), lines);

            // A hang guard, not a benchmark: without the breaker this list takes 1000 x 3 s / 20 = 150 s.
            CommandRunner.Reported reported = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    CommandRunner.runWithReport(dir, "--urls", urls.toString(), "--timeout", "3s", "--concurrency", "20"));

            assertThat(reported.run().exitCode()).as(reported.run().stderr()).isZero();
            JsonNode results = reported.report().get("results");
            assertThat(results).hasSize(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(results.get(i).get("index").asInt()).as("every line once, in order").isEqualTo(i);
            }
            Map<String, Integer> stalledOutcomes = new TreeMap<>();
            String hostKey = "127.0.0.1:" + stalled.port();
            for (JsonNode result : results) {
                if (result.get("url").asText().contains(hostKey)) {
                    stalledOutcomes.merge(result.get("outcome").asText(), 1, Integer::sum);
                } else {
                    assertThat(result.get("outcome").asText()).as("the healthy host is unaffected").isEqualTo("ok");
                }
            }
            assertThat(stalledOutcomes.keySet()).containsOnly("host_unavailable", "timeout");
            assertThat(stalledOutcomes.get("host_unavailable")).as("most stalled lines: " + stalledOutcomes)
                    .isGreaterThan(900);
            assertThat(stalledOutcomes.get("timeout")).as("at least the five that opened the breaker")
                    .isGreaterThanOrEqualTo(5);

            JsonNode turnedAway = find(results, "host_unavailable");
            assertThat(turnedAway.get("error").asText())
                    .isEqualTo("host " + hostKey + " failed 5 times in a row (timeout); not requested");
            assertThat(turnedAway.get("attempts").asInt()).isZero();
            assertThat(stalled.connections()).as("connections the stalled port saw")
                    .isLessThan(100);
        }
    }

    @Test
    void aHostThatComesBackIsUsedAgainAfterTheCooldown() throws Exception {
        int port = freePort();
        String back = "http://127.0.0.1:" + port + "/";
        CountDownLatch gateReached = new CountDownLatch(1);
        CountDownLatch gateOpen = new CountDownLatch(1);
        HttpServer gate = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gate.createContext("/gate", exchange -> {
            gateReached.countDown();
            try {
                gateOpen.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, "open");
        });
        gate.start();
        HttpServer comeBack = HttpServer.create();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            String gateUrl = "http://127.0.0.1:" + gate.getAddress().getPort() + "/gate";
            Path urls = Files.write(dir.resolve("urls.txt"), List.of(
                    back + "1", back + "2", back + "3",   // refused three times: the breaker opens
                    back + "4",                           // turned away
                    gateUrl,                              // the test starts a server on the port meanwhile
                    healthy.url("/delay/1500"),           // longer than the cool-down: the next line is the probe
                    back + "7", back + "8", back + "9")); // the probe is answered: the host is used again

            Future<CommandRunner.Reported> run = runner.submit(() -> CommandRunner.runWithReport(dir, "--urls",
                    urls.toString(), "--mode", "sequential", "--host-failures", "3", "--host-cooldown", "1s"));
            assertThat(gateReached.await(30, TimeUnit.SECONDS)).as("the run reached the gate").isTrue();
            comeBack.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            comeBack.createContext("/", exchange -> answer(exchange, "back"));
            comeBack.start();
            gateOpen.countDown();
            CommandRunner.Reported reported = run.get(60, TimeUnit.SECONDS);

            assertThat(reported.run().exitCode()).as(reported.run().stderr()).isZero();
            JsonNode results = reported.report().get("results");
            List<String> outcomes = new ArrayList<>();
            results.forEach(result -> outcomes.add(result.get("outcome").asText()));
            assertThat(outcomes).containsExactly("connection_refused", "connection_refused", "connection_refused",
                    "host_unavailable", "ok", "ok", "ok", "ok", "ok");
            assertThat(results.get(3).get("error").asText()).isEqualTo(
                    "host 127.0.0.1:" + port + " failed 3 times in a row (connection_refused); not requested");
        } finally {
            gateOpen.countDown();
            runner.shutdownNow();
            gate.stop(0);
            comeBack.stop(0);
        }
    }

    @Test
    void zeroHostFailuresRequestsEveryUrl() throws Exception {
        int port = freePort();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add("http://127.0.0.1:" + port + "/" + i);
        }
        Path urls = Files.write(dir.resolve("urls.txt"), lines);

        CommandRunner.Reported reported = CommandRunner.runWithReport(dir, "--urls", urls.toString(),
                "--host-failures", "0");

        assertThat(reported.report().get("results")).extracting(result -> result.get("outcome").asText())
                .containsOnly("connection_refused");
    }

    @Test
    void tenSlowPagesThenFortyFastOnesOfTheSameHostGetFortyOk() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(healthy.url("/delay/3000?slow-" + i)); // accepted and answered, but after the 1 s deadline
        }
        for (int i = 0; i < 40; i++) {
            lines.add(healthy.url("/bytes/5?fast-" + i));
        }

        // As many threads as slow pages: they all time out before any fast page has been asked for.
        List<JsonNode> results = CommandRunner.runOnLines(dir, "urls.txt", lines,
                "--timeout", "1s", "--concurrency", "10").results();

        assertThat(outcomes(results)).as("errors: %s", errors(results))
                .containsExactlyElementsOf(repeat("timeout", 10, "ok", 40));
        assertEveryLineRequestedOnce(lines);
    }

    @Test
    void aHostThatTurnsSlowMidRunIsStillAskedForEveryUrl() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add(i >= 20 && i < 40 ? healthy.url("/delay/3000?slow-" + i) : healthy.url("/bytes/5?fast-" + i));
        }

        List<JsonNode> results = CommandRunner.runOnLines(dir, "urls.txt", lines,
                "--timeout", "1s", "--concurrency", "10").results();

        assertThat(outcomes(results)).containsExactlyElementsOf(repeat("ok", 20, "timeout", 20, "ok", 20));
        assertEveryLineRequestedOnce(lines);
    }

    @Test
    void aConnectionCutAfterItsStatusLineIsAnAnswerButOneResetBeforeAnyByteIsADeadHost() throws Exception {
        try (HostileServer cut = HostileServer.start(); HostileServer resetting = HostileServer.start()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lines.add(cut.url("/close-mid-body/" + i));
            }
            lines.add(cut.url("/ok"));
            for (int i = 0; i < 8; i++) {
                lines.add(resetting.url("/reset/" + i));
            }
            lines.add(resetting.url("/ok"));

            List<JsonNode> results = CommandRunner.runOnLines(dir, "urls.txt", lines, "--mode", "sequential").results();

            assertThat(outcomes(results)).containsExactlyElementsOf(
                    repeat("connection_closed", 8, "ok", 1, "connection_reset", 5, "host_unavailable", 4));
            assertThat(cut.hits("/ok")).isEqualTo(1);
            assertThat(resetting.hits("/reset/5")).as("turned away, never requested").isZero();
            assertThat(resetting.hits("/ok")).isZero();
        }
    }

    @Test
    void aTlsPortThatNeverAnswersIsADeadHost() throws Exception {
        try (StalledPort stalled = new StalledPort()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                lines.add("https://127.0.0.1:" + stalled.port() + "/item/" + i);
            }

            List<JsonNode> results = CommandRunner.runOnLines(dir, "urls.txt", lines,
                    "--tls-handshake-timeout", "1s", "--concurrency", "10").results();

            Map<String, Integer> counts = new TreeMap<>();
            outcomes(results).forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
            assertThat(counts.keySet()).containsOnly("tls_error", "host_unavailable");
            assertThat(counts.get("host_unavailable")).as(counts.toString()).isGreaterThanOrEqualTo(80);
            assertThat(find(results, "host_unavailable").get("error").asText()).endsWith("(tls_error); not requested");
        }
    }

    private void assertEveryLineRequestedOnce(List<String> lines) {
        Map<String, Integer> seen = new TreeMap<>();
        healthy.received().forEach(request -> seen.merge(request.path() + "?" + request.query(), 1, Integer::sum));
        Map<String, Integer> expected = new TreeMap<>();
        lines.forEach(line -> expected.put(line.substring(line.indexOf('/', "http://".length())), 1));
        assertThat(seen).as("requests the server saw, per URL").isEqualTo(expected);
    }

    /** Each result's error, for a failed assertion to show. */
    private static List<String> errors(List<JsonNode> results) {
        return results.stream().map(r -> r.path("error").asText("")).toList();
    }

    private static List<String> outcomes(List<JsonNode> results) {
        return results.stream().map(result -> result.get("outcome").asText()).toList();
    }

    /** {@code repeat("a", 2, "b", 1)} is {@code [a, a, b]}. */
    private static List<String> repeat(Object... outcomeThenCount) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < outcomeThenCount.length; i += 2) {
            all.addAll(Collections.nCopies((Integer) outcomeThenCount[i + 1], (String) outcomeThenCount[i]));
        }
        return all;
    }

    private static JsonNode find(List<JsonNode> results, String outcome) {
        return results.stream().filter(result -> result.get("outcome").asText().equals(outcome)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + outcome + " result"));
    }

    private static JsonNode find(JsonNode results, String outcome) {
        for (JsonNode result : results) {
            if (result.get("outcome").asText().equals(outcome)) {
                return result;
            }
        }
        throw new AssertionError("no " + outcome + " result");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A port nothing listens on (for now). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port on 127.0.0.1 that accepts connections and never answers: a host that black-holes requests. */
    private static final class StalledPort implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptForever, "stalled-port");

        StalledPort() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        private void acceptForever() {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept()); // kept open, never read, never answered
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
