package io.urlfetcher.distributed;

import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.flow.history.HistoryServer;
import io.urlfetcher.flow.history.TestPostgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers of distributed batches sharing one history in a real PostgreSQL: what one worker fetched in the first
 * batch, another (its own Camel context) asks conditionally in the second; both together in a third.
 */
@Timeout(180)
@SlowTest
class SharedHistoryTest {

    private static final int PAGES = 20;

    @TempDir
    Path dir;

    private TestBroker broker;
    private TestPostgres postgres;
    private HistoryServer server;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
        postgres = TestPostgres.start();
        server = HistoryServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        postgres.close();
        broker.close();
    }

    @Test
    void whatOneWorkerFetchedTheOtherAsksConditionallyAndBothTogetherKeepOneEntryPerPage() throws Exception {
        Path urls = Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, PAGES)
                .mapToObj(i -> server.url("/etag/p" + i)).collect(Collectors.joining("\n", "", "\n")));
        Map<String, String> worker = Map.of("fetch.broker-url", broker.url(), "fetch.concurrency", "2",
                "fetch.history", postgres.jdbcUrl());
        try (InProcessWorker one = new InProcessWorker(worker)) {
            JsonNode first = submit(urls, "first");
            assertThat(changes(first)).containsExactly(Map.entry("new", (long) PAGES));
        }
        for (int i = 0; i < PAGES; i += 4) {
            server.change("p" + i);
        }
        server.resetCounts();
        try (InProcessWorker two = new InProcessWorker(worker)) { // its own Camel context, store and connections
            JsonNode second = submit(urls, "second");

            assertThat(changes(second)).containsExactly(Map.entry("changed", 5L), Map.entry("unchanged", 15L));
            assertThat(server.conditionalRequests()).isEqualTo(PAGES);
            assertThat(server.notModifiedSent()).isEqualTo(15);
        }
        server.resetCounts();
        server.delay(20);
        try (InProcessWorker one = new InProcessWorker(worker); InProcessWorker two = new InProcessWorker(worker)) {
            JsonNode third = submit(urls, "third");

            assertThat(changes(third)).containsExactly(Map.entry("unchanged", (long) PAGES));
            assertThat(server.notModifiedSent()).isEqualTo(PAGES);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl());
             java.sql.ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT COUNT(*), COUNT(DISTINCT url) FROM fetch_history")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(PAGES);
            assertThat(rows.getInt(2)).isEqualTo(PAGES);
        }
    }

    private JsonNode submit(Path urls, String name) throws Exception {
        Path reports = Files.createDirectories(dir.resolve(name));
        CommandRunner.Run run = CommandRunner.run("submit", "--broker", broker.url(), "--urls", urls.toString(),
                "--sink", "file:" + reports, "--quiet");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        try (Stream<Path> files = Files.list(reports)) {
            return new ObjectMapper().readTree(files.findFirst().orElseThrow().toFile());
        }
    }

    private static Map<String, Long> changes(JsonNode report) {
        Map<String, Long> counts = new TreeMap<>();
        report.get("results").forEach(r -> counts.merge(r.get("change").asText(), 1L, Long::sum));
        return counts;
    }
}
