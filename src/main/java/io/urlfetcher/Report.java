package io.urlfetcher;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch run reports: one run ({@link BatchReport}), or compare's two runs over the same list
 * ({@link CompareReport}). Callers ask it what they need instead of testing its class.
 */
public sealed interface Report permits BatchReport, CompareReport {

    FetchMode mode();

    /** The runs it holds, in the order they ran: itself, or compare's sequential run then its parallel one. */
    List<BatchReport> batches();

    /** The same report, marked as round {@code number} of {@code --every} (each of its runs). */
    Report withRound(long number);

    /** Compare's two runs side by side, with the speedup; empty for one run. */
    default Optional<CompareReport> comparison() {
        return Optional.empty();
    }

    /** URL lines over all its runs (compare reads the list twice, so twice its lines). */
    default int urls() {
        return batches().stream().mapToInt(BatchReport::urls).sum();
    }

    /** Results per outcome over all its runs. */
    default Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        batches().forEach(batch -> batch.outcomes().forEach((outcome, count) -> counts.merge(outcome, count, Long::sum)));
        return counts;
    }

    /** Results whose outcome is a failure, over all its runs. */
    default long failures() {
        return batches().stream().mapToLong(BatchReport::failures).sum();
    }
}
