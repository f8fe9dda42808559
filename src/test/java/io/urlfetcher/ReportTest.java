package io.urlfetcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A report answers for all its runs: one, or compare's two; its JSON keeps only its own fields. */
class ReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BatchReport batch(FetchMode mode, long totalMillis, long ok, long timeouts) {
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        outcomes.put(Outcome.OK, ok);
        outcomes.put(Outcome.TIMEOUT, timeouts);
        return new BatchReport(mode, 1, "platform", "2025-01-01T00:00:00Z", totalMillis, totalMillis,
                (int) (ok + timeouts), outcomes, LatencySummary.of(new long[] { 1 }), null, List.of(), null, null);
    }

    @Test
    void oneRunIsItsOwnOnlyBatch() {
        BatchReport one = batch(FetchMode.PARALLEL, 100, 3, 1);

        assertThat(one.batches()).containsExactly(one);
        assertThat(one.comparison()).isEmpty();
        assertThat(one.failures()).isEqualTo(1);
    }

    @Test
    void compareCountsBothRunsInTheOrderTheyRan() {
        BatchReport sequential = batch(FetchMode.SEQUENTIAL, 400, 3, 1);
        BatchReport parallel = batch(FetchMode.PARALLEL, 100, 2, 2);
        Report compare = CompareReport.of(sequential, parallel);

        assertThat(compare.mode()).isEqualTo(FetchMode.COMPARE);
        assertThat(compare.batches()).containsExactly(sequential, parallel);
        assertThat(compare.comparison()).contains((CompareReport) compare);
        assertThat(compare.urls()).isEqualTo(8);
        assertThat(compare.outcomes()).containsEntry(Outcome.OK, 5L).containsEntry(Outcome.TIMEOUT, 3L);
        assertThat(compare.failures()).isEqualTo(3);
    }

    @Test
    void theJsonHasNoFieldForWhatTheInterfaceAdds() throws Exception {
        BatchReport sequential = batch(FetchMode.SEQUENTIAL, 400, 1, 0);
        JsonNode compare = JSON.valueToTree(CompareReport.of(sequential, batch(FetchMode.PARALLEL, 100, 1, 0)));
        JsonNode one = JSON.valueToTree(sequential);

        assertThat(names(compare)).containsExactly("mode", "speedup", "sequential", "parallel");
        assertThat(names(one)).doesNotContain("batches", "comparison", "failures");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
