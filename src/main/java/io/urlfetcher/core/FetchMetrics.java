package io.urlfetcher.core;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * url-fetcher's own meters, in the Micrometer registry Camel serves on /observe/metrics: results per outcome,
 * the time per requested URL, and the requests in flight.
 */
public final class FetchMetrics {

    private final Map<Outcome, Counter> results = new EnumMap<>(Outcome.class);
    private final Timer fetchTime;

    private FetchMetrics(MeterRegistry registry, FetchProgress progress) {
        for (Outcome outcome : Outcome.values()) {
            results.put(outcome, Counter.builder("urlfetcher.results").tag("outcome", outcome.label())
                    .description("URL lines finished, by outcome").register(registry));
        }
        fetchTime = Timer.builder("urlfetcher.fetch").description("Time of one requested URL: request, retries, whole body")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("urlfetcher.in.flight", progress, FetchProgress::inFlight)
                .description("Requests sent and not yet finished").register(registry);
    }

    /** Registers the meters in the context's registry and has every result counted in them from now on. */
    public static void publish(CamelContext context, FetchProgress progress) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            throw new ConfigurationException("metrics need a Micrometer registry in the Camel context"
                                             + " (camel.metrics.enabled=true with camel-micrometer-prometheus)");
        }
        progress.publishTo(new FetchMetrics(registry, progress));
    }

    void record(FetchResult result) {
        results.get(result.outcome()).increment();
        if (result.attempts() > 0) {
            fetchTime.record(Duration.ofMillis(result.millis()));
        }
    }
}
