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
import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch fetched by the workers: one job per URL line goes to the jobs queue ({@code submit-batch} route),
 * then a route made for this batch from the {@code batch-results} template reads its results (by selector),
 * drops duplicates and aggregates them until every index arrived, or until no result came for
 * {@code fetch.result-timeout}; lines without a result are reported as {@link Outcome#NO_RESULT}. A second
 * route reports the batch's dead-lettered jobs as results.
 */
public final class DistributedBatchRun implements BatchRun {

    private static final long POLL_SECONDS = 1;
    /** Beyond the aggregator's own timeout: how late its completion may be before we call it a failure. */
    private static final long COMPLETION_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final CamelContext context;
    private final RunSettings settings;
    private final BrokerSettings broker;
    /** The batch-results route's strategy: an empty batch, or one with no result at all, gets its kind of collector. */
    private final FetchResultAggregationStrategy strategy;
    private final BatchReportBuilder reports;

    public DistributedBatchRun(CamelContext context, RunSettings settings, BrokerSettings broker) {
        this.context = context;
        this.settings = settings;
        this.broker = broker;
        this.strategy = context.getRegistry().lookupByNameAndType(BeanNames.RESULTS_AS_FORMAT,
                FetchResultAggregationStrategy.class);
        this.reports = context.getRegistry().lookupByNameAndType(BeanNames.BATCH_REPORT_BUILDER, BatchReportBuilder.class);
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
        context.getRegistry().lookupByNameAndType(BeanNames.PROGRESS, FetchProgress.class)
                .begin(FetchMode.DISTRIBUTED.label());
        startSubmitRoute();
        Exchange sent = template.request("direct:submit-batch", exchange -> {
            exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
            exchange.setProperty(SubmitSteps.BATCH, batch);
            exchange.setProperty(SubmitSteps.BATCH_START, startedAt.toEpochMilli());
            exchange.setProperty(SubmitSteps.SUBMITTED, submitted);
            exchange.setProperty(UrlListParser.INPUT_FORMAT, settings.inputFormat().name());
            exchange.getMessage().setBody(urlList.body());
        });
        if (sent.getException() != null) {
            throw new IllegalStateException("could not submit the batch after " + submitted.get() + " lines: "
                                            + SecretRedactor.redact(sent.getException().getMessage()), sent.getException());
        }
        BatchCollection collection = new BatchCollection(submitted.get());
        ResultCollector results = collection.expected() == 0 ? strategy.newCollector() : collect(batch, collection);
        // The batch ended when its last result arrived, not when the routes reading results had stopped.
        long endNanos = collection.expected() == 0 || results == null ? System.nanoTime() : collection.lastResultNanos();
        if (results == null) {
            results = strategy.newCollector();
        }
        reportMissing(urlList, collection, results);
        return reports.distributed(startedAt.toString(), endNanos - startNanos, results.finish(), collection.workers());
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

    /** @return the aggregated results, or null when not one arrived within the result timeout */
    private ResultCollector collect(String batch, BatchCollection collection) {
        long timeoutNanos = broker.resultTimeout().toNanos();
        // The batch's own beans, under names of its own, for the two routes made for it.
        Map<String, Object> beans = Map.of(
                "batchIndexRepository-" + batch, collection.indices(),
                "batchProgress-" + batch, collection.progress(),
                "batchCompletion-" + batch, collection.completion());
        beans.forEach(context.getRegistry()::bind);
        String results = addRoute(TemplatedRouteBuilder.builder(context, "batch-results")
                .parameter("batch", batch)
                .parameter("expected", String.valueOf(collection.expected()))
                .parameter("resultTimeout", String.valueOf(broker.resultTimeout().toMillis())),
                "batch-results", batch);
        String deadLetters = addRoute(TemplatedRouteBuilder.builder(context, "batch-dead-letters"), "batch-dead-letters", batch);
        try {
            while (true) {
                try {
                    return collection.completed().get(POLL_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
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
        } finally {
            removeRoute(deadLetters);
            removeRoute(results);
            beans.keySet().forEach(context.getRegistry()::unbind);
        }
    }

    private String addRoute(TemplatedRouteBuilder builder, String template, String batch) {
        try {
            return builder.routeId(template + "-" + batch).parameter("selector", JobHeaders.selector(batch)).add();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not start reading the results of batch " + batch + ": "
                                            + SecretRedactor.redact(e.getMessage()), e);
        }
    }

    private void removeRoute(String routeId) {
        try {
            context.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
            context.removeRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop route " + routeId, e);
        }
    }

    /** Every line without a result is reported as no_result: read the list again for their line numbers and URLs. */
    private void reportMissing(UrlListSource urlList, BatchCollection collection, ResultCollector results) {
        if (collection.indices().count() == collection.expected()) {
            return;
        }
        String why = "no result arrived within fetch.result-timeout (" + broker.resultTimeout()
                     + "): no worker was consuming " + broker.jobsQueue() + ", or the workers stalled";
        try (Reader reader = urlList.reopen()) {
            Iterator<UrlLine> lines = new UrlListParser(settings.dedupe()).lines(reader,
                    UrlListParser.inputFormat(settings.inputFormat().name(), urlList.body()));
            while (lines.hasNext()) {
                UrlLine line = lines.next();
                if (!collection.indices().contains(line.index())) {
                    results.add(FetchResult.unfetched(line.index(), line.line(), SecretRedactor.redact(line.text()),
                            Outcome.NO_RESULT, why, null).withRequest(line.resultMethod(), line.fields()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the URL list again for the lines without a result", e);
        }
    }
}
