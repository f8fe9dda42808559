package io.urlfetcher.flow.state;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.flow.FlowBeans;

import org.apache.camel.Exchange;

import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The Kamelet's two steps of a resumable run, its template beans {@code skipRecordedLines}
 * and {@code recordInRunState}. Both do nothing when the batch carries no {@link RunState} (an embedding
 * host, a worker, the watch route).
 */
public final class RunStateSteps {

    private RunStateSteps() {
    }

    /** Step after the list is parsed: in a resumed run, the lines with a recorded result are not split at all. */
    public static void skipRecordedLines(Exchange exchange) {
        RunState state = RunState.of(exchange);
        if (state != null && exchange.getMessage().getBody() instanceof Iterator<?> lines) {
            @SuppressWarnings("unchecked")
            Iterator<UrlLine> urlLines = (Iterator<UrlLine>) lines;
            exchange.getMessage().setBody(state.withoutRecorded(urlLines));
        }
    }

    /**
     * Step at the end of each line's part of the split: records its result in the run's state, if it keeps one. It
     * runs on the line's own thread of the split's pool, before that thread takes another line, so no more lines than
     * the pool has threads are ever fetched without their result in the file.
     */
    public static void recordResult(Exchange exchange) {
        RunState state = RunState.of(exchange);
        FetchResult result = state == null ? null : exchange.getMessage().getBody(FetchResult.class);
        if (result != null) {
            try {
                state.record(result);
            } catch (UncheckedIOException e) {
                // The writer keeps the failure, and the aggregation stops the run with it (requireWritable): one error,
                // not one per line.
            }
        }
    }
}
