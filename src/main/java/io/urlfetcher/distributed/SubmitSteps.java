package io.urlfetcher.distributed;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.flow.result.FetchResultRecorder;
import io.urlfetcher.flow.list.JsonRequestParser;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.core.SecretRedactor;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Predicate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/** The submitter's steps: each URL line becomes a job message, and a dead-lettered job a result. */
public final class SubmitSteps {

    /** Exchange property: the batch id. */
    static final String BATCH = "fetchBatchId";
    /** Exchange property: the batch's start, epoch millis. */
    static final String BATCH_START = "fetchBatchStartMillis";
    /** Exchange property: an {@link AtomicInteger} counting the lines submitted. */
    static final String SUBMITTED = "fetchSubmitted";
    /** Jobs sent in one JMS transaction: the broker syncs its journal once per chunk instead of once per job. */
    static final int CHUNK = 500;

    private final int maxDeliveries;

    /** @param maxDeliveries the broker's deliveries per job, quoted in a dead-letter result */
    public SubmitSteps(int maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    /** The list's lines in chunks of {@link #CHUNK}, counted as they are read (a chunk sent twice counts once). */
    public Iterator<List<UrlLine>> chunks(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Iterator<UrlLine> lines = exchange.getMessage().getBody(Iterator.class);
        AtomicInteger submitted = exchange.getProperty(SUBMITTED, AtomicInteger.class);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public List<UrlLine> next() {
                List<UrlLine> chunk = new ArrayList<>(CHUNK);
                while (chunk.size() < CHUNK && lines.hasNext()) {
                    chunk.add(lines.next());
                }
                if (chunk.isEmpty()) {
                    throw new NoSuchElementException();
                }
                submitted.addAndGet(chunk.size());
                return chunk;
            }
        };
    }

    /**
     * A URL line as a job: its place in the batch as JMS properties, the line itself as the body. A line that
     * cannot be fetched becomes its result right away (see {@link #isJob()}), with the same properties.
     */
    public void toJob(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        UrlLine line = message.getMandatoryBody(UrlLine.class);
        new JobHeaders(exchange.getProperty(BATCH, String.class), line.index(), line.line(),
                exchange.getProperty(BATCH_START, Long.class)).writeTo(message);
        // A JSON Lines request travels whole (its headers too, which may be credentials: the broker holds them).
        message.setBody(!line.isFetchable() ? FetchResultRecorder.rejected(line)
                : line.request() == null ? line.text() : JsonRequestParser.toJson(line));
    }

    /** After {@link #toJob}: a job for the workers (the URL text, or the request as one JSON line), not a result already. */
    public static Predicate isJob() {
        return exchange -> exchange.getMessage().getBody() instanceof String;
    }

    /** A job the broker gave up on: reported with its outcome, never dropped. */
    public void deadLetterResult(Exchange exchange) {
        Message message = exchange.getMessage();
        JobHeaders job = JobHeaders.read(message);
        String url = message.getBody(String.class);
        FetchResult result = FetchResult.unfetched(job.index(), job.line(), SecretRedactor.redact(url), Outcome.DEAD_LETTER,
                "no worker completed this job: the broker moved it to the dead-letter queue after its maximum deliveries ("
                + maxDeliveries + " on the embedded broker); a worker log says why", maxDeliveries);
        job.writeTo(message);
        message.setBody(result);
    }
}
