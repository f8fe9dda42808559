package io.urlfetcher.flow;

/**
 * What a batch produced: the report object and where it was written.
 *
 * @param report      a {@link BatchReport}, or a {@link CompareReport}
 * @param failures    URLs whose outcome is a failure (over both runs of compare)
 * @param sinkFailure why the run must still end with exit code 3 although its report was written (bodies that could
 *                    not be saved: a full disk), or null
 */
public record BatchResult(Object report, String writtenTo, long failures, String sinkFailure) {
}
