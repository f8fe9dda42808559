package io.urlfetcher.flow.history;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.Outcome;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store: what is put is found, before and after it is written, and after the store is opened again. */
class HistoryStoreTest {

    @TempDir
    Path dir;

    private static HistoryEntry entry(int i, String sha) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z").plus(i, ChronoUnit.SECONDS);
        return new HistoryEntry("req:" + i, "http://127.0.0.1/" + i, "W/\"" + i + "\"", "Tue, 01 Dec 2026 10:00:00 GMT",
                sha, i % 2 == 0 ? 200 : null, i % 2 == 0 ? Outcome.OK : Outcome.TIMEOUT, at, at, i + ".html");
    }

    @Test
    void anEntryIsFoundBeforeItIsWrittenAndAfterTheStoreIsOpenedAgain() {
        Path folder = dir.resolve("history");
        try (HistoryStore store = HistoryStore.open(folder.toString())) {
            assertThat(store.find("req:1")).isNull();
            store.put(entry(1, "aa"));
            assertThat(store.find("req:1")).isEqualTo(entry(1, "aa"));
            for (int i = 2; i < 2 + HistoryStore.BATCH; i++) {
                store.put(entry(i, "s" + i));
            }
            assertThat(store.size()).as("a full batch is written").isGreaterThanOrEqualTo(HistoryStore.BATCH);
            store.put(entry(1, "bb"));
        }
        assertThat(Files.exists(folder.resolve(HistoryStore.H2_FILE + ".mv.db"))).isTrue();
        try (HistoryStore store = HistoryStore.open(folder.toString())) {
            assertThat(store.size()).isEqualTo(1 + HistoryStore.BATCH);
            assertThat(store.find("req:1")).isEqualTo(entry(1, "bb"));
            assertThat(store.find("req:3")).isEqualTo(entry(3, "s3"));
            assertThat(store.find("req:3").status()).isNull();
        }
    }

    @Test
    void aLocationThatIsNeitherAFolderNorAKnownDatabaseIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> HistoryStore.open("jdbc:mysql://127.0.0.1/h?password=s3cret"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> HistoryStore.open("jdbc:postgresql://127.0.0.1:1/h?user=u&password=s3cret"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot open the history")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void manyKeysAreFoundInOneQueryAndAnEntryNotYetWrittenWins() {
        try (HistoryStore store = HistoryStore.open(dir.resolve("history").toString())) {
            for (int i = 0; i < 10; i++) {
                store.put(entry(i, "old" + i));
            }
            store.flush();
            store.put(entry(3, "new3"));

            java.util.Map<String, HistoryEntry> found = store.findAll(java.util.List.of("req:1", "req:3", "req:42"));

            assertThat(found).containsOnlyKeys("req:1", "req:3");
            assertThat(found.get("req:1").sha256()).isEqualTo("old1");
            assertThat(found.get("req:3").sha256()).isEqualTo("new3");
            assertThat(store.findAll(java.util.List.of())).isEmpty();
        }
    }
}
