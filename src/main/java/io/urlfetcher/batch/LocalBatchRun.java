package io.urlfetcher.batch;

import io.urlfetcher.BatchReport;
import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.flow.BatchRun;
import io.urlfetcher.flow.RunSettings;
import io.urlfetcher.flow.history.HistorySteps;
import io.urlfetcher.flow.list.UrlListSource;
import io.urlfetcher.flow.result.FetchResultAggregationStrategy;
import io.urlfetcher.flow.result.SpoolFiles;
import io.urlfetcher.flow.state.ListFingerprint;
import io.urlfetcher.flow.state.RunState;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.nio.file.Path;
import java.time.Duration;

/** A batch fetched in this process through the fetch flow: sequentially or in parallel. */
public final class LocalBatchRun implements BatchRun {

    private final CamelContext context;
    private final RunSettings settings;
    private final Duration fetchTimeout;
    private final boolean parallel;
    private final boolean keepResponses;
    private final boolean resumable;

    /** A batch of its own: it keeps the bodies ({@code fetch.responses}) and, with {@code fetch.state}, its state. */
    LocalBatchRun(CamelContext context, RunSettings settings, Duration fetchTimeout, boolean parallel) {
        this(context, settings, fetchTimeout, parallel, true, true);
    }

    private LocalBatchRun(CamelContext context, RunSettings settings, Duration fetchTimeout, boolean parallel,
                          boolean keepResponses, boolean resumable) {
        this.context = context;
        this.settings = settings;
        this.fetchTimeout = fetchTimeout;
        this.parallel = parallel;
        this.keepResponses = keepResponses;
        this.resumable = resumable;
    }

    /** One of compare's two runs: no state; one set of bodies, the parallel run's (the sequential one times and hashes). */
    static LocalBatchRun partOfCompare(CamelContext context, RunSettings settings, Duration fetchTimeout,
                                       boolean parallel) {
        return new LocalBatchRun(context, settings, fetchTimeout, parallel, parallel, false);
    }

    @Override
    public BatchReport run(UrlListSource urlList, SpoolFiles spools) {
        HistorySteps.openFor(context, settings.history().location()); // a usage error, before anything is fetched
        // The state of a resumable run (null when fetch.state is off) is synced and closed however the run ends.
        try (RunState state = resumable ? openState(urlList) : null) {
            return spools.keep(fetch(urlList, state));
        }
    }

    /** The one place the run picks its route. */
    private String route() {
        return parallel ? "direct:fetch-parallel" : "direct:fetch-sequential";
    }

    private BatchReport fetch(UrlListSource urlList, RunState state) {
        ProducerTemplate template = context.createProducerTemplate();
        try {
            Exchange done = template.request(route(), exchange -> {
                exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
                exchange.setProperty(ExchangeProperties.KEEP_RESPONSES, keepResponses);
                if (state != null) {
                    exchange.setProperty(ExchangeProperties.RUN_STATE, state);
                }
                exchange.getMessage().setBody(urlList.body());
            });
            if (done.getException() != null) {
                awaitFetchesInFlight();
                throw new IllegalStateException("the " + (parallel ? FetchMode.PARALLEL : FetchMode.SEQUENTIAL).label()
                                                + " run failed: " + done.getException().getMessage(), done.getException());
            }
            return done.getMessage().getBody(BatchReport.class);
        } finally {
            template.stop();
        }
    }

    /**
     * The state of a resumable run ({@code fetch.state}), or null. The settings allow it only in a sequential or
     * parallel batch (checked when they are parsed); it needs the list in a file.
     */
    private RunState openState(UrlListSource urlList) {
        if (settings.state().isEmpty()) {
            return null;
        }
        Path file = urlList.file().orElseThrow(() -> new ConfigurationException("--state needs the URL list in a file"
                + " (--urls FILE), to check that a resumed run reads the same list: save standard input to a file first"));
        FetchResultAggregationStrategy results = context.getRegistry()
                .lookupByNameAndType(BeanNames.RESULTS_AS_FORMAT, FetchResultAggregationStrategy.class);
        return RunState.open(Path.of(settings.state()), ListFingerprint.of(file, settings.inputFormat()),
                settings.stateReset(), results::newCollector);
    }

    /**
     * A run that failed part-way (its spool could not be written: a full disk) starts no new URL, but the fetches
     * already in flight go on: they end within their deadline, quietly, where stopping Camel under them would log
     * each one's rejection after the message that says why the run failed.
     */
    private void awaitFetchesInFlight() {
        long until = System.nanoTime() + fetchTimeout.plusSeconds(1).toNanos();
        while (context.getInflightRepository().size() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
