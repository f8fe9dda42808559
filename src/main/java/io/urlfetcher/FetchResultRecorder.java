package io.urlfetcher;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Makes the one {@link FetchResult} of a URL line, whatever happened to it: a response (whose body
 * it reads to the end here, so the time covers the full body), a failure, or a line that was never
 * fetchable. The result replaces the message body.
 */
public final class FetchResultRecorder {

    private static final int BUFFER_SIZE = 8 * 1024;

    private final FailureClassifier classifier = new FailureClassifier();

    /** After camel-http returned: read and count the body, then record status and time. */
    public void recordResponse(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        long bytes = drain(message.getBody(InputStream.class));
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        boolean httpError = status != null && status >= 400;
        message.setBody(result(exchange, httpError ? Outcome.HTTP_ERROR : Outcome.OK, status, bytes, contentType,
                httpError ? "HTTP " + status : null));
    }

    /** In the catch block: classify the exception by type. */
    public void recordFailure(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (failure == null) {
            exchange.getMessage().setBody(result(exchange, Outcome.INTERNAL_ERROR, status, 0, null, "no exception was recorded"));
            return;
        }
        FailureClassifier.Classification why = classifier.explain(failure);
        exchange.getMessage().setBody(result(exchange, why.outcome(), status, 0, null, describe(why)));
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
        String finalUrl = trace == null || trace.finalUrl() == null ? null : SecretRedactor.redact(trace.finalUrl());
        return new FetchResult(line.index(), line.line(), SecretRedactor.redact(line.text()), outcome, status,
                TimeUnit.NANOSECONDS.toMillis(now - requestStart), TimeUnit.NANOSECONDS.toMillis(requestStart - batchStart),
                bytes, contentType, attempts, trace == null ? 0 : trace.redirects(), finalUrl,
                Thread.currentThread().getName(), error).withRequest(line.resultMethod(), line.fields());
    }

    private static long drain(InputStream body) throws IOException {
        if (body == null) {
            return 0;
        }
        // Closing after the last byte hands the connection back to the pool for keep-alive reuse.
        try (InputStream in = body) {
            byte[] buffer = new byte[BUFFER_SIZE];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            return total;
        }
    }

    private static String describe(FailureClassifier.Classification why) {
        Throwable t = why.decisive();
        String message = t.getMessage();
        return why.outcome().label() + ": " + t.getClass().getSimpleName()
               + (message == null ? "" : ": " + SecretRedactor.redact(message));
    }
}
