package io.urlfetcher;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the split's {@link FetchResult}s into one list in the aggregated exchange. Results arrive
 * in completion order in parallel mode; the report sorts them by index.
 */
public final class FetchResultAggregationStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        FetchResult result = newExchange.getMessage().getBody(FetchResult.class);
        if (result == null) {
            throw new IllegalStateException("a URL line produced no FetchResult: "
                    + newExchange.getMessage().getBody(), newExchange.getException());
        }
        if (oldExchange == null) {
            List<FetchResult> results = new ArrayList<>();
            results.add(result);
            newExchange.getMessage().setBody(results);
            return newExchange;
        }
        @SuppressWarnings("unchecked")
        List<FetchResult> results = oldExchange.getMessage().getBody(List.class);
        results.add(result);
        return oldExchange;
    }
}
