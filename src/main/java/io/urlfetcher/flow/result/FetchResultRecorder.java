package io.urlfetcher.flow.result;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchCall;
import io.urlfetcher.core.NotStartedException;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.flow.response.BodyFileNames;
import io.urlfetcher.flow.response.BodyStore;
import io.urlfetcher.flow.response.BodyWriteFailures;
import io.urlfetcher.flow.response.InlineBody;
import io.urlfetcher.flow.response.KeptHeaders;
import io.urlfetcher.flow.response.ResponseForwarder;
import io.urlfetcher.flow.response.ResponseSettings;
import io.urlfetcher.http.BodyReader;
import io.urlfetcher.http.FailureClassifier;
import io.urlfetcher.http.FetchTrace;
import io.urlfetcher.http.Sha256Digests;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes the one {@link FetchResult} of a URL line, whatever happened to it: a response (whose body
 * it reads to the end here, so the time covers the full body), a failure, or a line that was never
 * fetchable. The result replaces the message body.
 * <p>
 * While a body is read it is hashed, and, as {@link ResponseSettings} asks, saved to a file, kept inline and
 * sent on to the response sink; see {@link #recordResponse}.
 */
public final class FetchResultRecorder {

    /** Content types, kept once each: every result holds one until the report. */
    private static final CanonicalStrings CONTENT_TYPES = new CanonicalStrings(256);

    private final ResponseSettings settings;
    private final BodyStore store;
    private final KeptHeaders keptHeaders;
    private final ResponseForwarder forwarder = new ResponseForwarder();
    private final FailureClassifier classifier = new FailureClassifier();

    public FetchResultRecorder(ResponseSettings settings) {
        this(settings, BodyStore.of(settings.saveBodies()));
    }

    /** @param store where bodies are saved or spooled: the context's one store ({@code fetchBodyStore}) */
    public FetchResultRecorder(ResponseSettings settings, BodyStore store) {
        this.settings = settings;
        this.store = store;
        this.keptHeaders = new KeptHeaders(settings.keepHeaders());
        if (settings.hash()) {
            Sha256Digests.prepare(); // while Camel starts, not on the first body
        }
    }

    /** The bodies that could not be written to {@code fetch.save-bodies} (a full disk): the run then exits with 3. */
    public BodyWriteFailures bodyWriteFailures() {
        return store.failures();
    }

    /**
     * After camel-http returned: read the body to its end (hashing it, and copying it to a temporary file when it
     * is to be saved or sent on), then record status and time. Only a body read whole is renamed to its final
     * name and sent to the response sink; a read that fails leaves no file and ends in {@link #recordFailure}.
     */
    public void recordResponse(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String contentType = CONTENT_TYPES.canonical(message.getHeader(Exchange.CONTENT_TYPE, String.class));
        boolean httpError = status != null && status >= 400;
        Outcome outcome = httpError ? Outcome.HTTP_ERROR : Outcome.OK;
        UrlLine line = exchange.getProperty(ExchangeProperties.URL_LINE, UrlLine.class);
        String sink = responseSink(exchange);
        boolean keep = (outcome == Outcome.OK || settings.saveOn() == ResponseSettings.SaveOn.ALL)
                       && exchange.getProperty(ExchangeProperties.KEEP_RESPONSES, true, Boolean.class);
        boolean save = keep && store.saves();
        boolean forward = keep && !sink.isEmpty();
        Map<String, List<String>> headers = keptHeaders.of(message);

        InputStream body = message.getBody(InputStream.class);
        long announced = contentLength(message);
        BodyReader.Read read;
        Path file = null;
        String name = null;
        if (save || forward) {
            name = BodyFileNames.of(line.index(), line.uri().getHost(), SecretRedactor.redact(line.text()), contentType);
            try (BodyStore.Pending pending = store.open(name)) {
                read = BodyReader.read(body, announced, pending.out(), settings.inlineBody(), settings.hash());
                file = pending.commit();
            } catch (IOException e) {
                closeQuietly(body);
                throw e;
            }
        } else {
            read = BodyReader.read(body, announced, null, settings.inlineBody(), settings.hash());
        }

        InlineBody inline = settings.inlineBody() > 0
                ? InlineBody.of(read.head(), read.bytes(), contentType, settings.inlineBody()) : new InlineBody(null, null);
        FetchResult result = result(exchange, outcome, status, read.bytes(), contentType, httpError ? "HTTP " + status : null)
                .withBody(read.sha256(), save ? name : null, inline.text(), inline.reason(), headers);
        if (forward) {
            forwarder.send(exchange.getContext(), sink, result, file, name, !save);
        }
        message.setBody(result);
    }

    /** The response's Content-Length, or -1 when it has none or not a number (a chunked body, a broken header). */
    static long contentLength(Message message) {
        String value = message.getHeader(Exchange.CONTENT_LENGTH, String.class);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** In the catch block: classify the exception by type. */
    public void recordFailure(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (failure == null) {
            exchange.getMessage().setBody(result(exchange, Outcome.INTERNAL_ERROR, status, 0, null, "no exception was recorded"));
            return;
        }
        if (failure instanceof NotStartedException) { // never requested: no time, no thread, like a rejected line
            UrlLine line = exchange.getProperty(ExchangeProperties.URL_LINE, UrlLine.class);
            exchange.getMessage().setBody(notStarted(line != null ? line : exchange.getMessage().getBody(UrlLine.class),
                    failure.getMessage()));
            return;
        }
        FailureClassifier.Classification why = classifier.explain(failure);
        exchange.getMessage().setBody(result(exchange, why.outcome(), status, 0, null, FailureText.of(why)));
    }

    /** The result of a line the run did not request because it was stopping ({@link RunStop}). */
    public static FetchResult notStarted(UrlLine line, String why) {
        return FetchResult.unfetched(line.index(), line.line(), SecretRedactor.redact(line.text()), Outcome.NOT_STARTED,
                why, null).withRequest(line.resultMethod(), line.fields());
    }

    /** For a line that is not a fetchable URL: report it with its line number, fetch nothing. */
    public void recordRejected(Exchange exchange) throws InvalidPayloadException {
        exchange.getMessage().setBody(rejected(exchange.getMessage().getMandatoryBody(UrlLine.class)));
    }

    /** The result of a line that is not a fetchable URL. */
    public static FetchResult rejected(UrlLine line) {
        return FetchResult.unfetched(line.index(), line.line(), SecretRedactor.redact(line.text()), line.rejection(),
                line.reason(), null).withRequest(line.resultMethod(), line.fields());
    }

    /** The call's responseSink parameter, else {@code fetch.response-sink}; empty for none. */
    private String responseSink(Exchange exchange) {
        FetchCall call = FetchCall.of(exchange);
        return call == null || call.responseSink().isBlank() ? settings.responseSink() : call.responseSink().strip();
    }

    private static FetchResult result(
            Exchange exchange, Outcome outcome, Integer status, long bytes, String contentType, String error) {
        long now = System.nanoTime();
        UrlLine line = exchange.getProperty(ExchangeProperties.URL_LINE, UrlLine.class);
        if (line == null) { // failed before the request was prepared
            line = exchange.getMessage().getBody(UrlLine.class);
        }
        long requestStart = exchange.getProperty(ExchangeProperties.REQUEST_START_NANOS, now, Long.class);
        long batchStart = exchange.getProperty(ExchangeProperties.BATCH_START_NANOS, requestStart, Long.class);
        FetchTrace trace = exchange.getProperty(ExchangeProperties.TRACE, FetchTrace.class);
        int attempts = trace == null ? 0 : trace.attempts();
        String url = SecretRedactor.redact(line.text());
        String finalUrl = trace == null || trace.finalUrl() == null ? null : SecretRedactor.redact(trace.finalUrl());
        if (url.equals(finalUrl)) {
            finalUrl = url; // most URLs end where they started: one text kept until the report, not two
        }
        // One record per URL, built whole: this runs for every URL of the list.
        return new FetchResult(line.index(), line.line(), url, outcome, status,
                TimeUnit.NANOSECONDS.toMillis(now - requestStart), TimeUnit.NANOSECONDS.toMillis(requestStart - batchStart),
                bytes, contentType, attempts, trace == null ? 0 : trace.redirects(), finalUrl,
                Thread.currentThread().getName(), error, null, null, line.resultMethod(), null, null, null, null, null,
                trace == null ? null : trace.timings(requestStart, now), trace == null ? null : trace.protocol(),
                line.fields());
    }

    private static void closeQuietly(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            body.close();
        } catch (IOException e) {
            // the read already failed; that failure is the one reported
        }
    }
}
