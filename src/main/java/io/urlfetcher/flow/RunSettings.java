package io.urlfetcher.flow;

import io.urlfetcher.FetchMode;
import io.urlfetcher.flow.history.HistorySettings;
import io.urlfetcher.flow.list.InputFormat;
import io.urlfetcher.flow.response.ResponseSettings;

import java.time.Duration;

/**
 * What a batch run fetches and how: the list, the mode, the concurrency and its ceiling, the politeness limits, a
 * resumable run's state, the stop's grace and what is kept of each response ({@code fetch.*}, read by
 * {@code FetchSettings.from}).
 *
 * @param urls           the URL list file, {@code -} for standard input, or empty
 * @param demo           whether the list is the demo server's
 * @param mode           sequential, parallel, compare or distributed
 * @param concurrency    URLs in flight at once
 * @param maxConcurrency the ceiling the shared pools are sized to
 * @param inputFormat    how the list is written
 * @param dedupe         whether a URL listed again is fetched once
 * @param virtualThreads whether the fetches run on virtual threads (Java 21+)
 * @param perHost        requests in flight per host at most
 * @param rate           requests started per second at most; 0 for no limit
 * @param grace          how long the fetches in flight may finish after a stop
 * @param state          the state file of a resumable run, or empty
 * @param stateReset     whether an existing state file is started over
 * @param responses      what is kept of each response besides its timing
 * @param history        the history across runs, and what it changes: conditional requests, what is delivered
 */
public record RunSettings(String urls, boolean demo, FetchMode mode, int concurrency, int maxConcurrency,
                          InputFormat inputFormat, boolean dedupe, boolean virtualThreads, int perHost, int rate,
                          Duration grace, String state, boolean stateReset, ResponseSettings responses,
                          HistorySettings history) {

    /** Whether the fetches run on virtual threads: asked for, and this Java (21+) has them. */
    public boolean virtualThreadsInUse() {
        return virtualThreads && FetchExecutors.virtualThreadsAvailable();
    }

    /** Whether virtual threads were asked for on a Java without them: platform threads fetch then. */
    public boolean virtualThreadsUnavailable() {
        return virtualThreads && !FetchExecutors.virtualThreadsAvailable();
    }
}
