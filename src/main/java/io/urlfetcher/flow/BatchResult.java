package io.urlfetcher.flow;

import io.urlfetcher.Report;

/**
 * What a batch produced: its report and where it was written.
 *
 * @param report      the report of one run, or of compare's two
 * @param failures    URLs whose outcome is a failure (over both runs of compare)
 * @param sinkFailure why the run must still end with exit code 3 although its report was written (bodies that could
 *                    not be saved: a full disk), or null
 */
public record BatchResult(Report report, String writtenTo, long failures, String sinkFailure) {
}
