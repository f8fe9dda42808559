package io.urlfetcher.flow.state;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.flow.list.InputFormat;
import io.urlfetcher.flow.result.InMemoryResults;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state file of a resumable run: what counts as done, what is refused, and what survives a kill. */
class RunStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path list;
    private Path state;

    @org.junit.jupiter.api.BeforeEach
    void writeList() throws IOException {
        list = Files.writeString(dir.resolve("urls.txt"), IntStream.range(0, 10)
                .mapToObj(i -> "http://127.0.0.1:1/" + i).reduce("", (a, b) -> a + b + "\n"));
        state = dir.resolve("state");
    }

    private ListFingerprint fingerprint() {
        return ListFingerprint.of(list, InputFormat.AUTO);
    }

    private RunState open() throws IOException {
        return RunState.open(state, fingerprint(), false, InMemoryResults::new);
    }

    private static FetchResult ok(int index) {
        return new FetchResult(index, index + 1, "http://127.0.0.1:1/" + index, Outcome.OK, 200, 5, 0, 10, "text/plain", 1,
                0, "http://127.0.0.1:1/" + index, "fetch-parallel #1", null);
    }

    private static FetchResult failed(int index, Outcome outcome) {
        return FetchResult.unfetched(index, index + 1, "http://127.0.0.1:1/" + index, outcome, "why", null);
    }

    private static List<FetchResult> handed(RunState run) {
        InMemoryResults collector = new InMemoryResults();
        run.addRecordedTo(collector);
        return collector.finish().results();
    }

    @Test
    void recordedResultsSurviveAndTheirLinesAreNotFetchedAgain() throws IOException {
        try (RunState first = open()) {
            first.record(ok(0));
            first.record(failed(2, Outcome.HTTP_ERROR));
        }

        try (RunState resumed = open()) {
            assertThat(resumed.recordedDone()).isEqualTo(2);
            assertThat(resumed.recordedFailures()).isEqualTo(1);
            assertThat(resumed.isDone(0)).isTrue();
            assertThat(resumed.isDone(1)).isFalse();
            assertThat(resumed.isDone(2)).isTrue();
            List<Integer> left = new ArrayList<>();
            resumed.withoutRecorded(lines(5)).forEachRemaining(line -> left.add(line.index()));
            assertThat(left).containsExactly(1, 3, 4);
            assertThat(handed(resumed)).extracting(FetchResult::index).containsExactly(0, 2);
        }
    }

    @Test
    void eachLineIsWrittenAsTheJsonOfAReportLine() throws IOException {
        try (RunState run = open()) {
            run.record(ok(7));
        }
        String line = Files.readAllLines(state.resolve(StateFolder.RESULTS_FILE)).get(0);
        assertThat(JSON.readValue(line, FetchResult.class)).isEqualTo(ok(7));
        assertThat(line).startsWith("{\"index\":7,\"line\":8,");
    }

    @Test
    void aTornLastLineIsIgnoredAndCutBeforeNewLinesAreAppended() throws IOException {
        try (RunState first = open()) {
            first.record(ok(0));
            first.record(ok(1));
        }
        Path results = state.resolve(StateFolder.RESULTS_FILE);
        String whole = new String(JSON.writeValueAsBytes(ok(2)), StandardCharsets.UTF_8);
        Files.writeString(results, whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND); // killed mid-line

        try (RunState resumed = open()) {
            assertThat(resumed.recordedDone()).isEqualTo(2);
            assertThat(resumed.isDone(2)).isFalse();
            resumed.record(ok(2));
        }

        try (RunState again = open()) {
            assertThat(again.recordedDone()).isEqualTo(3);
            assertThat(handed(again)).extracting(FetchResult::index).containsExactly(0, 1, 2);
        }
        assertThat(Files.readAllLines(results)).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    }

    @Test
    void outcomesOfAStoppedRunAreNotDoneAndALaterRecordOfTheSameLineWins() throws IOException {
        try (RunState first = open()) {
            first.record(failed(0, Outcome.NOT_STARTED));
            first.record(failed(1, Outcome.INTERRUPTED));
            first.record(failed(2, Outcome.HOST_UNAVAILABLE));
            first.record(failed(3, Outcome.INTERRUPTED));
            first.record(ok(3)); // fetched again later: now done
            first.record(ok(4));
            first.record(failed(4, Outcome.INTERRUPTED)); // the later record wins, even over ok
            first.record(failed(5, Outcome.TIMEOUT)); // a real failure is done
            first.record(failed(6, Outcome.DELIVERY_FAILED)); // its body was not kept (a full disk): fetched again
        }

        try (RunState resumed = open()) {
            assertThat(IntStream.range(0, 7).filter(resumed::isDone).boxed().toList()).containsExactly(3, 5);
            assertThat(resumed.recordedDone()).isEqualTo(2);
            assertThat(resumed.recordedFailures()).isEqualTo(1);
            assertThat(handed(resumed)).extracting(FetchResult::index, FetchResult::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(3, Outcome.OK),
                            org.assertj.core.groups.Tuple.tuple(5, Outcome.TIMEOUT));
        }
    }

    @Test
    void recordedResultsAreHandedOverOnceAndNotTheOnesOfThisRun() throws IOException {
        try (RunState first = open()) {
            first.record(ok(0));
        }
        try (RunState resumed = open()) {
            resumed.record(ok(1)); // this run's own, already in its collector
            assertThat(handed(resumed)).extracting(FetchResult::index).containsExactly(0);
            assertThat(handed(resumed)).isEmpty();
        }
    }

    @Test
    void aDifferentListIsRefusedUnlessTheStateIsReset() throws IOException {
        try (RunState first = open()) {
            first.record(ok(0));
        }
        Files.writeString(list, "http://127.0.0.1:1/other\n", StandardOpenOption.APPEND);

        assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("belongs to another list").hasMessageContaining("--state-reset")
                .hasMessageContaining("urls.txt");
        assertThatThrownBy(() -> RunState.open(state, ListFingerprint.of(list, InputFormat.JSONL), false,
                InMemoryResults::new)).isInstanceOf(ConfigurationException.class);

        try (RunState reset = RunState.open(state, fingerprint(), true, InMemoryResults::new)) {
            assertThat(reset.recordedDone()).isZero();
            assertThat(handed(reset)).isEmpty();
        }
        assertThat(state.resolve(StateFolder.RESULTS_FILE)).isEmptyFile();
        try (RunState afterReset = open()) { // the new list is the state's list now
            assertThat(afterReset.recordedDone()).isZero();
        }
    }

    @Test
    void theSameContentElsewhereIsTheSameList() throws IOException {
        try (RunState first = open()) {
            first.record(ok(0));
        }
        Path moved = Files.copy(list, dir.resolve("moved.txt"));

        try (RunState resumed = RunState.open(state, ListFingerprint.of(moved, InputFormat.AUTO), false,
                InMemoryResults::new)) {
            assertThat(resumed.recordedDone()).isOne();
        }
    }

    @Test
    void oneRunAtATimePerFolder() throws IOException {
        try (RunState first = open()) {
            assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class).hasMessageContaining("in use");
        }
        try (RunState later = open()) {
            assertThat(later.recordedDone()).isZero();
        }
    }

    @Test
    void resultsWithoutAFingerprintAreRefused() throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve(StateFolder.RESULTS_FILE), new String(JSON.writeValueAsBytes(ok(0))) + "\n");

        assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class).hasMessageContaining("no list.json");
    }

    @Test
    void aFileInThePlaceOfTheFolderIsAUsageError() throws IOException {
        Files.writeString(state, "not a folder");

        assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class).hasMessageContaining("not a folder");
    }

    @Test
    void theFingerprintHashesTheHeadAndCountsTheWholeSize() throws IOException {
        byte[] big = new byte[ListFingerprint.HEAD_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        Path file = Files.write(dir.resolve("big.txt"), big);
        ListFingerprint before = ListFingerprint.of(file, InputFormat.LINES);
        big[big.length - 1] = 'b'; // past the head, same size: the one change it misses, as documented
        ListFingerprint after = ListFingerprint.of(Files.write(file, big), InputFormat.LINES);
        ListFingerprint longer = ListFingerprint.of(Files.write(file, java.util.Arrays.copyOf(big, big.length + 1)),
                InputFormat.LINES);

        assertThat(before.headBytes()).isEqualTo(ListFingerprint.HEAD_BYTES);
        assertThat(before.size()).isEqualTo(ListFingerprint.HEAD_BYTES + 10);
        assertThat(before.sameListAs(after)).isTrue();
        assertThat(before.sameListAs(longer)).isFalse();
    }

    private static java.util.Iterator<UrlLine> lines(int count) {
        return IntStream.range(0, count).mapToObj(i -> UrlLine.accepted(i, i + 1, "http://127.0.0.1:1/" + i,
                URI.create("http://127.0.0.1:1/" + i))).iterator();
    }
}
