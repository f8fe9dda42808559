package io.urlfetcher.distributed;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchResult;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import java.lang.management.ManagementFactory;

/**
 * The worker's steps around the shared fetch route: a job message becomes a one-line URL list, and the
 * one-result report that comes back becomes the job's result message.
 */
public final class WorkerSteps {

    static final String JOB = "fetchJob";
    /** Exchange property: the job's time-to-live in millis, which its result gets too (0: none). */
    static final String RESULT_TTL = "fetchResultTimeToLive";

    /** This process, as results name it: {@code pid@host}. */
    private final String worker = ManagementFactory.getRuntimeMXBean().getName();

    /**
     * Before the fetch: keep the job's headers (the fetch route drops every header) and check it has a URL.
     * A message that is not a job fails here, is rolled back, and after its deliveries goes to the dead-letter queue.
     */
    public void openJob(Exchange exchange) {
        Message message = exchange.getMessage();
        JobHeaders job = JobHeaders.read(message);
        String url = message.getBody(String.class);
        if (url == null || url.isBlank() || url.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("job " + job.batch() + "/" + job.index() + " carries no single URL line");
        }
        exchange.setProperty(JOB, job);
        exchange.setProperty(JobHeaders.DELIVERY_COUNT, message.getHeader(JobHeaders.DELIVERY_COUNT, 1, Integer.class));
        exchange.setProperty(RESULT_TTL, JobHeaders.timeToLive(message));
        message.setBody(url);
    }

    /** After the fetch: the report's one result, placed at the job's index, with the job's headers. */
    public void jobResult(Exchange exchange) throws InvalidPayloadException {
        JobHeaders job = exchange.getProperty(JOB, JobHeaders.class);
        BatchReport report = exchange.getMessage().getMandatoryBody(BatchReport.class);
        if (report.results() == null || report.results().size() != 1) {
            throw new IllegalStateException("job " + job.batch() + "/" + job.index() + " gave " + report.urls()
                                            + " results instead of one");
        }
        FetchResult fetched = report.results().get(0);
        long startedAt = System.currentTimeMillis() - fetched.millis();
        FetchResult result = fetched.forJob(job.index(), job.line(), Math.max(0, startedAt - job.batchStartMillis()),
                worker, exchange.getProperty(JobHeaders.DELIVERY_COUNT, 1, Integer.class));
        Message message = exchange.getMessage();
        job.writeTo(message);
        long ttl = exchange.getProperty(RESULT_TTL, 0L, Long.class);
        if (ttl > 0) {
            // A result nobody reads within its batch's result timeout has no reader: its submitter gave up or is gone.
            message.setHeader(JobHeaders.EXPIRATION, System.currentTimeMillis() + ttl);
        }
        message.setHeader(JobHeaders.DELIVERY_MODE, jakarta.jms.DeliveryMode.PERSISTENT);
        message.setBody(result);
    }
}
