package io.urlfetcher.config;

import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.flow.FlowBeans;
import io.urlfetcher.flow.list.UrlLineExpressions;
import io.urlfetcher.flow.list.UrlListParser;
import io.urlfetcher.flow.response.BodyStore;
import io.urlfetcher.flow.result.BatchReportBuilder;
import io.urlfetcher.flow.state.RunStateSteps;
import io.urlfetcher.http.HostCircuitBreakers;
import io.urlfetcher.http.HttpBeans;
import io.urlfetcher.report.ReportBeans;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The Kamelet's own beans: its template's {@code beans:} make each one per call through these factories
 * ({@code type: "#class:io.urlfetcher.config.KameletBeans"}, {@code factoryMethod}), from the call's parameters and
 * the shared beans its host bound ({@code #bean:fetchSettings} ...; {@link io.urlfetcher.core.SharedBeans}). They
 * live here because the settings are read here; each package makes its own steps.
 */
public final class KameletBeans {

    private KameletBeans() {
    }

    public static UrlListParser urlListParser(FetchSettings settings) {
        return new UrlListParser(settings.run().dedupe());
    }

    public static Processor skipRecordedLines() {
        return RunStateSteps::skipRecordedLines;
    }

    public static Processor recordInRunState() {
        return RunStateSteps::recordResult;
    }

    public static BatchReportBuilder batchReportBuilder(FetchSettings settings, FetchProgress progress) {
        return FlowBeans.batchReportBuilder(settings.run(), progress, settings.http().tls().insecure());
    }

    /** @param results the call's results parameter: memory, spool or auto */
    public static AggregationStrategy fetchResults(FetchSettings settings, FetchProgress progress, String results) {
        return FlowBeans.results(results, settings.report(), progress);
    }

    public static Predicate isFetchableUrl() {
        return UrlLineExpressions.isFetchable();
    }

    public static Expression urlHostKey() {
        return UrlLineExpressions.hostKey();
    }

    public static Processor hostBreakerCheck(HostCircuitBreakers breakers) {
        return FlowBeans.hostBreakerCheck(breakers);
    }

    public static Processor hostBreakerRecord(HostCircuitBreakers breakers) {
        return FlowBeans.hostBreakerRecord(breakers);
    }

    public static Predicate politenessLimited(FetchSettings settings) {
        return FlowBeans.politenessLimited(settings.run());
    }

    public static Predicate perHostLimited(FetchSettings settings) {
        return FlowBeans.perHostLimited(settings.run());
    }

    public static Expression perHostLimit(FetchSettings settings) {
        return FlowBeans.perHostLimit(settings.run());
    }

    public static Predicate rateLimited(FetchSettings settings) {
        return FlowBeans.rateLimited(settings.run());
    }

    public static Expression rateLimit(FetchSettings settings) {
        return FlowBeans.rateLimit(settings.run());
    }

    public static Processor enterLimits(RunStop runStop) {
        return runStop::enterLimits;
    }

    public static Processor leaveLimits(RunStop runStop) {
        return runStop::leaveLimits;
    }

    public static Processor notStopping(RunStop runStop) {
        return runStop::notStopping;
    }

    public static Processor httpRequestPreparer(FetchSettings settings, FetchProgress progress) {
        return HttpBeans.requestPreparer(settings.http(), progress);
    }

    public static HttpActivityListener fetchActivityListener() {
        return HttpBeans.activityListener();
    }

    public static HeaderFilterStrategy fetchHeaderFilterStrategy() {
        return HttpBeans.headerFilterStrategy();
    }

    public static Processor recordResponse(FetchSettings settings, BodyStore store) {
        return FlowBeans.recordResponse(settings.run(), store);
    }

    public static Processor recordFailure(FetchSettings settings, BodyStore store, RunStop runStop) {
        return FlowBeans.recordFailure(settings.run(), store, runStop);
    }

    public static Processor recordRejected(FetchSettings settings, BodyStore store) {
        return FlowBeans.recordRejected(settings.run(), store);
    }

    /**
     * The history steps of a call, each its own bean over the same store (one per location and context).
     *
     * @param history the call's history parameter: a folder or JDBC URL; empty takes fetch.history
     */
    public static Processor openHistory(FetchSettings settings, String history) {
        return FlowBeans.historySteps(settings.run(), history)::open;
    }

    public static Processor historyLookup(FetchSettings settings, String history) {
        return FlowBeans.historySteps(settings.run(), history)::lookup;
    }

    public static Processor conditionalRequest(FetchSettings settings, String history) {
        return FlowBeans.historySteps(settings.run(), history)::conditional;
    }

    public static Processor recordInHistory(FetchSettings settings, String history) {
        return FlowBeans.historySteps(settings.run(), history)::record;
    }

    public static Processor writeHistory(FetchSettings settings, String history) {
        return FlowBeans.historySteps(settings.run(), history)::write;
    }

    /** @param output the call's output parameter: report, json or jsonl */
    public static Processor reportOutput(String output) {
        return ReportBeans.output(output);
    }
}
