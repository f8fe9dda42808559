package io.urlfetcher.core;

import io.urlfetcher.flow.state.RunState;

/**
 * Names of the exchange properties the fetch flow keeps its state in. Properties, not headers:
 * camel-http sends every non-Camel header to the remote server.
 */
public final class ExchangeProperties {

    /** The {@link UrlLine} being fetched. */
    public static final String URL_LINE = "fetchUrlLine";
    /** The URL's trace ({@code http.FetchTrace}): attempts, redirects, final URL. */
    public static final String TRACE = "fetchTrace";
    /**
     * The request's target as a {@link java.net.URI} (no fragment, no user info), which the fetch endpoint's producer
     * sends as it is; absent where camel-http is to build it from {@code CamelHttpUri}.
     */
    public static final String REQUEST_TARGET = "fetchRequestTarget";
    /** {@link System#nanoTime()} when the request started. */
    public static final String REQUEST_START_NANOS = "fetchRequestStartNanos";
    /** {@link System#nanoTime()} when the batch started. */
    public static final String BATCH_START_NANOS = "fetchBatchStartNanos";
    /** Wall-clock start of the batch, for the report. */
    public static final String BATCH_STARTED_AT = "fetchBatchStartedAt";
    /** The {@link FetchCall}: the parameters the route template was called with. */
    public static final String CALL = "fetchCall";
    /** The report format, {@code json} or {@code jsonl}, read by the sink route. */
    public static final String REPORT_FORMAT = "fetchReportFormat";
    /** The size in bytes of the report (JSON or JSON Lines) on its way to a file: sink, to check the file it wrote. */
    public static final String REPORT_BYTES = "fetchReportBytes";

    /**
     * False for a run whose bodies are not to be saved or sent on (the sequential half of compare mode, so that
     * one set is kept); true when absent.
     */
    public static final String KEEP_RESPONSES = "fetchKeepResponses";
    /** The {@link RunState} of a resumable run ({@code fetch.state}); absent when the run keeps none. */
    public static final String RUN_STATE = "fetchRunState";

    private ExchangeProperties() {
    }
}
