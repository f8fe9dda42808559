package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Optional;

/**
 * Both runs of {@code compare} mode over the same list, and how many times faster the parallel run was.
 *
 * @param speedup sequential wall time divided by parallel wall time
 */
@JsonPropertyOrder({ "mode", "speedup", "sequential", "parallel" })
public record CompareReport(FetchMode mode, double speedup, BatchReport sequential, BatchReport parallel)
        implements Report {

    public static CompareReport of(BatchReport sequential, BatchReport parallel) {
        double ratio = (double) sequential.totalMillis() / Math.max(1, parallel.totalMillis());
        return new CompareReport(FetchMode.COMPARE, Math.round(ratio * 100) / 100.0, sequential, parallel);
    }

    @Override
    public List<BatchReport> batches() {
        return List.of(sequential, parallel);
    }

    @Override
    public CompareReport withRound(long number) {
        return new CompareReport(mode, speedup, sequential.withRound(number), parallel.withRound(number));
    }

    @Override
    public Optional<CompareReport> comparison() {
        return Optional.of(this);
    }
}
