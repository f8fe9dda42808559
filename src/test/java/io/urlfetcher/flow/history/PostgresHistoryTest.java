package io.urlfetcher.flow.history;

import io.urlfetcher.Outcome;
import io.urlfetcher.SlowTest;
import io.urlfetcher.cli.CommandRunner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The history in a real PostgreSQL server, through the same code as the embedded one. */
@SlowTest
class PostgresHistoryTest {

    private static TestPostgres postgres;

    @TempDir
    Path dir;

    private HistoryServer server;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void start() throws IOException, SQLException {
        server = HistoryServer.start();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS fetch_history");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void twoRunsShareTheHistoryInPostgresql() throws Exception {
        List<String> pages = List.of(server.url("/etag/a"), server.url("/lm/b"), server.url("/plain/c"));
        CommandRunner.Reported first = CommandRunner.runOnLines(dir, "urls.txt", pages, "--history", postgres.jdbcUrl(),
                "--quiet");
        assertThat(first.run().exitCode()).as(first.run().stderr()).isZero();
        assertThat(first.results()).extracting(r -> r.get("change").asText()).containsExactly("new", "new", "new");
        server.change("c");
        server.resetCounts();

        CommandRunner.Reported second = CommandRunner.runOnLines(dir, "urls.txt", pages, "--history", postgres.jdbcUrl(),
                "--quiet");

        assertThat(second.results()).extracting(r -> r.get("outcome").asText())
                .containsExactly("not_modified", "not_modified", "ok");
        assertThat(second.results()).extracting(r -> r.get("change").asText())
                .containsExactly("unchanged", "unchanged", "changed");
        assertThat(server.conditionalRequests()).isEqualTo(2);
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT url, etag, last_modified, outcome FROM fetch_history ORDER BY url")) {
            List<String> seen = new ArrayList<>();
            while (rows.next()) {
                seen.add(rows.getString(1).replaceAll(".*/", "") + " " + rows.getString(2) + " " + (rows.getString(3) != null)
                         + " " + rows.getString(4));
            }
            assertThat(seen).containsExactly("a \"a-v1\" true not_modified", "b null true not_modified", "c null false ok");
        }
    }

    @Test
    void twoStoresWritingTheSameKeysAtOnceEndWithOneEntryEach() throws Exception {
        int keys = 2_000;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try (HistoryStore one = HistoryStore.open(postgres.jdbcUrl()); HistoryStore two = HistoryStore.open(postgres.jdbcUrl())) {
            List<Future<?>> done = new ArrayList<>();
            for (HistoryStore store : List.of(one, two)) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < keys; i++) {
                        store.put(new HistoryEntry("req:" + i, "http://127.0.0.1/" + i, null, null, "sha" + i, 200,
                                Outcome.OK, Instant.now(), Instant.now(), null));
                    }
                    store.flush();
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            assertThat(one.size()).isEqualTo(keys);
            assertThat(two.find("req:1999").sha256()).isEqualTo("sha1999");
        } finally {
            writers.shutdownNow();
        }
    }
}
