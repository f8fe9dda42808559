package io.urlfetcher.flow.result;

import io.urlfetcher.FetchResult;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.flow.state.RunState;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.function.Supplier;

/**
 * Hands the split's {@link FetchResult}s to a {@link ResultCollector} kept as the aggregated exchange's
 * body: in memory for a JSON report, spooled to a file for JSON Lines. Results arrive in completion order. In a
 * resumed run ({@link RunState}) the collector starts with the results recorded by earlier runs.
 */
public final class FetchResultAggregationStrategy implements AggregationStrategy {

    private final Supplier<ResultCollector> collectors;
    private final FetchProgress progress;

    public FetchResultAggregationStrategy(Supplier<ResultCollector> collectors, FetchProgress progress) {
        this.collectors = collectors;
        this.progress = progress;
    }

    /** An empty collector of the kind this strategy fills (for a batch whose results did not come through it). */
    public ResultCollector newCollector() {
        return collectors.get();
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        FetchResult result = newExchange.getMessage().getBody(FetchResult.class);
        if (result == null) {
            throw new IllegalStateException("a URL line produced no FetchResult: "
                    + newExchange.getMessage().getBody(), newExchange.getException());
        }
        if (newExchange.getProperty(ExchangeProperties.REQUEST_START_NANOS) != null) {
            progress.requestEnded();
        }
        progress.completed(result);
        RunState state = RunState.of(newExchange);
        if (state != null) {
            state.requireWritable(); // a state that can no longer be written stops the run, naming the file
        }
        if (oldExchange == null) {
            ResultCollector collector = newCollector();
            if (state != null) { // a resumed run: the lines done earlier come first, as they completed first
                state.addRecordedTo(collector);
            }
            collector.add(result);
            newExchange.getMessage().setBody(collector);
            return newExchange;
        }
        oldExchange.getMessage().getBody(ResultCollector.class).add(result);
        return oldExchange;
    }
}
