package io.urlfetcher.distributed;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchMode;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.flow.result.BatchReportBuilder;
import io.urlfetcher.flow.BatchRun;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.flow.result.FetchResultAggregationStrategy;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.flow.RunSettings;
import io.urlfetcher.flow.result.SpoolFiles;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.flow.list.UrlListParser;
import io.urlfetcher.flow.list.UrlListSource;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A batch fetched by the workers: one job per URL line goes to the jobs queue ({@code submit-batch} route),
 * then a route made for this batch from the {@code batch-results} template reads its results (by selector),
 * drops duplicates and aggregates them until every index arrived, or until no result came for
 * {@code fetch.result-timeout}; lines without a result are reported as {@link Outcome#NO_RESULT}. A second
 * route reports the batch's dead-lettered jobs as results.
 */
public final class DistributedBatchRun implements BatchRun {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedBatchRun.class);
    /** How often the wait for results looks at the stop switch and the result timeout. */
    private static final long POLL_MILLIS = 100;
    /** How long the results route's forced completion may take once it is stopped. */
    private static final long COMPLETION_WAIT_SECONDS = 10;
    /** Beyond the aggregator's own timeout: how late its completion may be before we call it a failure. */
    private static final long COMPLETION_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final CamelContext context;
    private final RunSettings settings;
    private final BrokerSettings broker;
    /** The batch-results route's strategy: an empty batch, or one with no result at all, gets its kind of collector. */
    private final FetchResultAggregationStrategy strategy;
    private final BatchReportBuilder reports;
    private final BatchLeftovers leftovers;

    public DistributedBatchRun(CamelContext context, RunSettings settings, BrokerSettings broker) {
        this.context = context;
        this.settings = settings;
        this.broker = broker;
        this.strategy = context.getRegistry().lookupByNameAndType(BeanNames.RESULTS_AS_FORMAT,
                FetchResultAggregationStrategy.class);
        this.reports = context.getRegistry().lookupByNameAndType(BeanNames.BATCH_REPORT_BUILDER, BatchReportBuilder.class);
        this.leftovers = context.getRegistry().lookupByNameAndType(BeanNames.BATCH_LEFTOVERS, BatchLeftovers.class);
    }

    /** @param urlList the list as text or a file: it is read again for lines with no result */
    @Override
    public BatchReport run(UrlListSource urlList, SpoolFiles spools) {
        ProducerTemplate template = context.createProducerTemplate();
        try {
            return spools.keep(run(template, urlList));
        } finally {
            template.stop();
        }
    }

    @Override
    public boolean readsListTwice() {
        return true;
    }

    @Override
    public boolean fetchesHere() {
        return false;
    }

    @Override
    public void requireReady() {
        broker.require("a distributed batch");
    }

    private BatchReport run(ProducerTemplate template, UrlListSource urlList) {
        String batch = UUID.randomUUID().toString();
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        AtomicInteger submitted = new AtomicInteger();
        RunStop stop = context.getRegistry().lookupByNameAndType(RunStop.BEAN, RunStop.class);
        context.getRegistry().lookupByNameAndType(BeanNames.PROGRESS, FetchProgress.class)
                .begin(FetchMode.DISTRIBUTED.label());
        // Counted first, so its results are read from the first one on: none waits in the queue while jobs are sent.
        BatchCollection collection = new BatchCollection(countLines(urlList));
        if (collection.expected() == 0) {
            return reports.distributed(startedAt.toString(), System.nanoTime() - startNanos,
                    strategy.newCollector().finish(), 0);
        }
        BatchReading reading = startReading(batch, collection);
        ResultCollector results;
        BitSet removed = new BitSet();
        try {
            startSubmitRoute();
            Exchange sent = template.request("direct:submit-batch", exchange -> {
                exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
                exchange.setProperty(SubmitSteps.BATCH, batch);
                exchange.setProperty(SubmitSteps.BATCH_START, startedAt.toEpochMilli());
                exchange.setProperty(SubmitSteps.SUBMITTED, submitted);
                exchange.setProperty(SubmitSteps.RUN_STOP, stop);
                exchange.setProperty(UrlListParser.INPUT_FORMAT, settings.inputFormat().name());
                exchange.getMessage().setBody(urlList.body());
            });
            if (sent.getException() != null && !stopping(stop)) {
                throw new IllegalStateException("could not submit the batch after " + submitted.get() + " lines: "
                        + SecretRedactor.redact(sent.getException().getMessage()), sent.getException());
            }
            results = await(batch, collection, stop, submitted, removed);
        } finally {
            reading.stop();
            removed.or(removeLeftovers(batch));
        }
        // The batch ended when its last result arrived, not when the routes reading results had stopped.
        long endNanos = results == null ? System.nanoTime() : collection.lastResultNanos();
        if (results == null) {
            results = strategy.newCollector();
        }
        reportMissing(urlList, collection, results, missing(stop, submitted.get(), removed));
        return reports.distributed(startedAt.toString(), endNanos - startNanos, results.finish(), collection.workers());
    }

    private static boolean stopping(RunStop stop) {
        return stop != null && stop.isStopping();
    }

    /** The lines of the list, as the submit route will read them. */
    private int countLines(UrlListSource urlList) {
        try (Reader reader = urlList.reopen()) {
            Iterator<UrlLine> lines = new UrlListParser(settings.dedupe()).lines(reader,
                    UrlListParser.inputFormat(settings.inputFormat().name(), urlList.body()));
            int count = 0;
            while (lines.hasNext()) {
                lines.next();
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the URL list", e);
        }
    }

    /** The route is not started with Camel: without a broker its JMS producers could not start. */
    private void startSubmitRoute() {
        try {
            context.getRouteController().startRoute("submit-chunk");
            context.getRouteController().startRoute("submit-batch");
        } catch (Exception e) {
            throw new IllegalStateException("could not start the submit-batch route: " + SecretRedactor.redact(e.getMessage()), e);
        }
    }

    /** The routes made for one batch (its results, its dead-lettered and its expired jobs) and their beans. */
    private final class BatchReading {
        private final Map<String, Object> beans;
        private final String[] routes;

        BatchReading(Map<String, Object> beans, String... routes) {
            this.beans = beans;
            this.routes = routes;
        }

        /** Stops the routes; the results route's aggregator then completes with what arrived. */
        void stop() {
            for (String route : routes) {
                removeRoute(route);
            }
            beans.keySet().forEach(context.getRegistry()::unbind);
        }
    }

    private BatchReading startReading(String batch, BatchCollection collection) {
        // The batch's own beans, under names of its own, for the routes made for it.
        Map<String, Object> beans = Map.of(
                "batchIndexRepository-" + batch, collection.indices(),
                "batchProgress-" + batch, collection.progress(),
                "batchCompletion-" + batch, collection.completion());
        beans.forEach(context.getRegistry()::bind);
        String results = addRoute(TemplatedRouteBuilder.builder(context, "batch-results")
                .parameter("batch", batch)
                .parameter("expected", String.valueOf(collection.expected()))
                .parameter("resultTimeout", String.valueOf(broker.resultTimeout().toMillis())),
                "batch-results", batch, JobHeaders.selector(batch));
        String deadLetters = addRoute(TemplatedRouteBuilder.builder(context, "batch-dead-letters"), "batch-dead-letters",
                batch, JobHeaders.selector(batch));
        String expired = addRoute(TemplatedRouteBuilder.builder(context, "batch-expired-jobs"), "batch-expired-jobs",
                batch, JobHeaders.expiredJobsSelector(batch, broker.jobsQueue()));
        return new BatchReading(beans, expired, deadLetters, results);
    }

    /**
     * Waits for the batch's results: until every line has one, none came for the result timeout, or the run is stopped;
     * a stopped run takes its jobs still queued off the broker (into {@code removed}) and waits out the grace for those
     * a worker has.
     *
     * @return the aggregated results, or null when not one arrived
     */
    private ResultCollector await(String batch, BatchCollection collection, RunStop stop, AtomicInteger submitted,
                                  BitSet removed) {
        long timeoutNanos = broker.resultTimeout().toNanos();
        try {
            while (true) {
                try {
                    return collection.completed().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (stopping(stop)) {
                        return afterStop(batch, collection, stop, submitted.get(), removed);
                    }
                    long quiet = collection.nanosSinceLastResult();
                    // With no result at all the aggregator has no group whose timeout could fire.
                    if (collection.indices().count() == 0 && quiet > timeoutNanos) {
                        return null;
                    }
                    if (quiet > timeoutNanos + COMPLETION_GRACE_NANOS) {
                        throw new IllegalStateException("the results of batch " + batch + " were not aggregated within "
                                                        + broker.resultTimeout() + " of the last one");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the results of batch " + batch, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("collecting the results of batch " + batch + " failed", e.getCause());
        }
    }

    private ResultCollector afterStop(String batch, BatchCollection collection, RunStop stop, int submitted, BitSet removed)
            throws InterruptedException, ExecutionException {
        // No worker takes a job of this batch from now on; the ones taken may still send their results in the grace.
        removed.or(leftovers.remove(broker.jobsQueue(), JobHeaders.selector(batch)));
        removed.or(leftovers.remove(broker.expiryQueue(), JobHeaders.expiredJobsSelector(batch, broker.jobsQueue())));
        int taken = submitted - removed.cardinality(); // each line sent and not taken back gets a result, or is in flight
        while (System.nanoTime() < stop.graceEndNanos() && collection.indices().count() < taken) {
            try {
                return collection.completed().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // the grace goes on
            }
        }
        removeRoute("batch-results-" + batch); // its aggregator completes with what arrived (forceCompletionOnStop)
        try {
            return collection.indices().count() == 0 ? null : collection.completed().get(COMPLETION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the results of batch " + batch + " were not aggregated after the stop", e);
        }
    }

    /** Takes what the batch left on the broker: jobs not taken, results not read, dead-lettered and expired jobs. */
    private BitSet removeLeftovers(String batch) {
        BitSet removed = new BitSet();
        try {
            removed.or(leftovers.remove(broker.jobsQueue(), JobHeaders.selector(batch)));
            removed.or(leftovers.remove(broker.expiryQueue(), JobHeaders.selector(batch)));
            leftovers.remove(broker.resultsQueue(), JobHeaders.selector(batch));
            leftovers.remove(broker.deadLetterQueue(), JobHeaders.selector(batch));
        } catch (RuntimeException e) {
            LOG.warn("Could not take what batch {} left off the broker: {}; it expires after {}", batch,
                    SecretRedactor.redact(e.getMessage()), broker.resultTimeout());
        }
        return removed;
    }

    private String addRoute(TemplatedRouteBuilder builder, String template, String batch, String selector) {
        try {
            return builder.routeId(template + "-" + batch).parameter("selector", selector).add();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not start reading the results of batch " + batch + ": "
                                            + SecretRedactor.redact(e.getMessage()), e);
        }
    }

    private void removeRoute(String routeId) {
        if (context.getRoute(routeId) == null) {
            return; // stopped already, after a stop
        }
        try {
            context.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
            context.removeRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop route " + routeId, e);
        }
    }

    /** What a line without a result is reported as. */
    private IntFunction<Missing> missing(RunStop stop, int submitted, BitSet removed) {
        if (!stopping(stop)) {
            Missing noResult = new Missing(Outcome.NO_RESULT, "no result arrived within fetch.result-timeout ("
                    + broker.resultTimeout() + "): no worker was consuming " + broker.jobsQueue() + ", or the workers stalled");
            return index -> noResult;
        }
        Missing notStarted = new Missing(Outcome.NOT_STARTED, "the submitter was stopped (" + stop.reason()
                + ") before a worker took this job; it was taken off " + broker.jobsQueue());
        Missing interrupted = new Missing(Outcome.INTERRUPTED, "the submitter was stopped (" + stop.reason()
                + ") while a worker had this job; its result, if one comes, expires on the broker");
        return index -> index >= submitted || removed.get(index) ? notStarted : interrupted;
    }

    private record Missing(Outcome outcome, String error) {
    }

    /** Every line without a result gets one: read the list again for their line numbers and URLs. */
    private void reportMissing(UrlListSource urlList, BatchCollection collection, ResultCollector results,
                               IntFunction<Missing> missing) {
        if (collection.indices().count() == collection.expected()) {
            return;
        }
        try (Reader reader = urlList.reopen()) {
            Iterator<UrlLine> lines = new UrlListParser(settings.dedupe()).lines(reader,
                    UrlListParser.inputFormat(settings.inputFormat().name(), urlList.body()));
            while (lines.hasNext()) {
                UrlLine line = lines.next();
                if (!collection.indices().contains(line.index())) {
                    Missing why = missing.apply(line.index());
                    results.add(FetchResult.unfetched(line.index(), line.line(), SecretRedactor.redact(line.text()),
                            why.outcome(), why.error(), null).withRequest(line.resultMethod(), line.fields()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the URL list again for the lines without a result", e);
        }
    }
}
