package io.urlfetcher.distributed;

import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.flow.result.FetchResultRecorder;
import io.urlfetcher.flow.list.JsonRequestParser;
import io.urlfetcher.core.UrlLine;
import io.urlfetcher.core.RunStop;
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
import java.util.function.Supplier;

/** The submitter's steps: each URL line becomes a job message, and a dead-lettered job a result. */
public final class SubmitSteps {

    /** Exchange property: the batch id. */
    static final String BATCH = "fetchBatchId";
    /** Exchange property: the batch's start, epoch millis. */
    static final String BATCH_START = "fetchBatchStartMillis";
    /** Exchange property: an {@link AtomicInteger} counting the lines submitted. */
    static final String SUBMITTED = "fetchSubmitted";
    /** Exchange property: the run's {@link RunStop}; once it is stopping, no further chunk is sent. */
    static final String RUN_STOP = "fetchSubmitStop";
    /** Jobs sent in one JMS transaction: the broker syncs its journal once per chunk instead of once per job. */
    static final int CHUNK = 500;

    private final Supplier<Integer> maxDeliveries;

    /** @param maxDeliveries the broker's deliveries per job (its max-delivery-attempts), or null when unknown */
    public SubmitSteps(Supplier<Integer> maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    /** The list's lines in chunks of {@link #CHUNK}, counted as they are read (a chunk sent twice counts once). */
    public Iterator<List<UrlLine>> chunks(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Iterator<UrlLine> lines = exchange.getMessage().getBody(Iterator.class);
        AtomicInteger submitted = exchange.getProperty(SUBMITTED, AtomicInteger.class);
        RunStop stop = exchange.getProperty(RUN_STOP, RunStop.class);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                // A stopped submitter sends no further chunk: the lines not sent are not_started.
                return (stop == null || !stop.isStopping()) && lines.hasNext();
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
        Integer deliveries = maxDeliveries.get();
        FetchResult result = FetchResult.unfetched(job.index(), job.line(), SecretRedactor.redact(url), Outcome.DEAD_LETTER,
                "no worker completed this job: the broker moved it to the dead-letter queue after its maximum deliveries ("
                + (deliveries == null ? "the broker's max-delivery-attempts" : deliveries + ", the broker's max-delivery-attempts")
                + "); a worker log says why", deliveries);
        job.writeTo(message);
        message.setBody(result);
    }

    /** A job that expired while its batch is still under way: the same job again, with a time-to-live of its own. */
    public void renewJob(Exchange exchange) {
        Message message = exchange.getMessage();
        JobHeaders.read(message).writeTo(message); // drops the expiry's own properties (_AMQ_ORIG_*, _AMQ_ACTUAL_EXPIRY)
    }
}
