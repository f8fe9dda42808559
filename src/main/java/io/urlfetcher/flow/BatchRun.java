package io.urlfetcher.flow;

import io.urlfetcher.Report;
import io.urlfetcher.flow.list.UrlListSource;
import io.urlfetcher.flow.result.SpoolFiles;

/**
 * How one batch is fetched: in this process, one way or both ways, or through the workers. {@code BatchRunner.forMode}
 * is the one place the mode picks the run, and what follows a run (waterfall, sink, spool clean-up) is its too.
 */
public interface BatchRun {

    /**
     * @param urlList the list, read as UTF-8, line by line; standard input can be read once, so it is not a stream when
     *                {@link #readsListTwice()}
     * @param spools  collects the runs' spool files, deleted once the report was written
     * @return the report of one run, or of compare's two
     */
    Report run(UrlListSource urlList, SpoolFiles spools);

    /** Whether the list is read more than once (standard input must then be kept in memory first). */
    default boolean readsListTwice() {
        return false;
    }

    /**
     * Whether the batch is fetched in this process, so that a body that cannot be saved stops it; Ctrl-C and SIGTERM
     * stop any batch ({@code cli.StopSignals}), a distributed one by taking its queued jobs back.
     */
    default boolean fetchesHere() {
        return true;
    }

    /** Checks what this run needs before it reads the list (a broker, for a distributed batch). */
    default void requireReady() {
    }
}
