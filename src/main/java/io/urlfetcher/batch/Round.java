package io.urlfetcher.batch;

import io.urlfetcher.report.BatchReportSink;

import java.time.Instant;

/**
 * One round of {@code --every}: its number (1 for the first) and when it started, which its report's file name and
 * summary carry.
 */
public record Round(long number, Instant startedAt) {

    /** Like {@code url-fetcher-20261208-011500-042-round-3}: the start first, so the names sort in time order. */
    public String fileStem() {
        return "url-fetcher-" + BatchReportSink.stamp(startedAt) + "-round-" + number;
    }
}
