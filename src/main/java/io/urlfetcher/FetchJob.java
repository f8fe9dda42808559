package io.urlfetcher;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one batch through the fetch routes (one run, or two for {@code compare}) and sends the
 * report to the sink route.
 */
public final class FetchJob {

    /**
     * What a run produced: the report object and where it was written.
     *
     * @param sinkFailure why the run must still end with exit code 3 although its report was written (bodies that
     *                    could not be saved: a full disk), or null
     */
    public record Result(Object report, String writtenTo, long failures, String sinkFailure) {
    }

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final CamelContext context;
    private final FetchSettings settings;

    public FetchJob(CamelContext context, FetchSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /**
     * @param urlList the list as text, a {@link java.io.File} or an {@link java.io.InputStream} (standard input), read
     *                as UTF-8, line by line; a stream can be read once, so not in compare or distributed mode
     */
    public Result run(Object urlList) {
        ProducerTemplate template = context.createProducerTemplate();
        BodyWriteFailures bodyFailures = context.getRegistry().lookupByNameAndType(FetchConfiguration.BODY_WRITE_FAILURES,
                BodyWriteFailures.class);
        long bodyFailuresBefore = bodyFailures == null ? 0 : bodyFailures.count();
        // The state of a resumable run (null when fetch.state is off) is synced and closed however the run ends.
        try (RunState state = openState(urlList)) {
            Object report;
            long failures;
            if (settings.mode() == FetchMode.COMPARE) {
                // One set of bodies: the parallel run's. The sequential run only times and hashes them.
                BatchReport sequential = fetch(template, FetchMode.SEQUENTIAL, urlList, false, null);
                resetHostBreakers(); // the parallel run meets every host as the sequential run did: closed
                BatchReport parallel = fetch(template, FetchMode.PARALLEL, urlList, true, null);
                report = CompareReport.of(sequential, parallel);
                failures = sequential.failures() + parallel.failures();
            } else if (settings.mode() == FetchMode.DISTRIBUTED) {
                BatchReport batch = new DistributedBatch(context, settings).run(template, urlList);
                keepSpool(batch);
                report = batch;
                failures = batch.failures();
            } else {
                BatchReport batch = fetch(template, settings.mode(), urlList, true, state);
                report = batch;
                failures = batch.failures();
            }
            if (!settings.html().isEmpty()) { // before the sink: a spooled report's file is read (and gone) there
                writeWaterfall(report);
            }
            String writtenTo = sink(template, report);
            long failedBodies = bodyFailures == null ? 0 : bodyFailures.count() - bodyFailuresBefore;
            return new Result(report, writtenTo, failures, failedBodies > 0 ? bodyFailures.describe(failedBodies) : null);
        } catch (RuntimeException e) {
            long failedBodies = bodyFailures == null ? 0 : bodyFailures.count() - bodyFailuresBefore;
            if (failedBodies > 0 && !(e instanceof ConfigurationException)) { // the same full disk often fails the report too: say both
                throw new IllegalStateException(e.getMessage() + "; and " + bodyFailures.describe(failedBodies), e);
            }
            throw e;
        } finally {
            template.stop();
            spools.forEach(FetchJob::delete);
        }
    }

    private final List<Path> spools = new ArrayList<>();

    /**
     * The state of a resumable run ({@code fetch.state}), or null. Only a local sequential or parallel run of a list
     * file keeps one: the checks name what to do instead.
     */
    private RunState openState(Object urlList) {
        if (settings.state().isEmpty()) {
            return null;
        }
        RunState.requireSupported(settings);
        if (!(urlList instanceof java.io.File file)) {
            throw new ConfigurationException("--state needs the URL list in a file (--urls FILE), to check that a resumed"
                    + " run reads the same list: save standard input to a file first");
        }
        FetchResultAggregationStrategy results = context.getRegistry()
                .lookupByNameAndType(FetchConfiguration.RESULTS_AS_FORMAT, FetchResultAggregationStrategy.class);
        return RunState.open(Path.of(settings.state()), ListFingerprint.of(file.toPath(), settings.inputFormat()),
                settings.stateReset(), results::newCollector);
    }

    private BatchReport fetch(ProducerTemplate template, FetchMode mode, Object urlList, boolean keepResponses,
                              RunState state) {
        Exchange done = template.request("direct:fetch-" + mode.label(), exchange -> {
            exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
            exchange.setProperty(ExchangeProperties.KEEP_RESPONSES, keepResponses);
            if (state != null) {
                exchange.setProperty(ExchangeProperties.RUN_STATE, state);
            }
            exchange.getMessage().setBody(urlList);
        });
        if (done.getException() != null) {
            awaitFetchesInFlight();
            throw new IllegalStateException("the " + mode.label() + " run failed: " + done.getException().getMessage(),
                    done.getException());
        }
        BatchReport report = done.getMessage().getBody(BatchReport.class);
        keepSpool(report);
        return report;
    }

    private void resetHostBreakers() {
        HostCircuitBreakers breakers = context.getRegistry()
                .lookupByNameAndType(FetchConfiguration.HOST_BREAKERS, HostCircuitBreakers.class);
        if (breakers != null) {
            breakers.reset();
        }
    }

    /**
     * A run that failed part-way (its spool could not be written: a full disk) starts no new URL, but the fetches
     * already in flight go on: they end within their deadline, quietly, where stopping Camel under them would log
     * each one's rejection after the message that says why the run failed.
     */
    private void awaitFetchesInFlight() {
        long until = System.nanoTime() + settings.timeout().plusSeconds(1).toNanos();
        while (context.getInflightRepository().size() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void keepSpool(BatchReport report) {
        if (report.spool() != null) {
            spools.add(report.spool());
        }
    }

    private void writeWaterfall(Object report) {
        try {
            HtmlWaterfall.write(report, Path.of(settings.html()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not write the HTML waterfall to " + settings.html() + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            // a temporary file, also deleted when the JVM exits
        }
    }

    private String sink(ProducerTemplate template, Object report) {
        String extension = settings.format().extension();
        String fileName = "url-fetcher-" + FILE_STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "." + extension;
        ReportFile reportFile = ReportFile.of(context, settings.sinkUri(), fileName);
        Exchange sent = template.send("direct:report-sink", ExchangePattern.InOnly, exchange -> {
            exchange.setProperty(ExchangeProperties.REPORT_FORMAT, extension);
            exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
            exchange.getMessage().setBody(report);
        });
        if (sent.getException() != null && reportFile != null) {
            // A full disk or a folder gone read-only: no partial report under the final name, no temporary file.
            String left = reportFile.removeAfterFailedWrite();
            throw new IllegalStateException("could not write the report to " + SecretRedactor.redact(reportFile.target().toString())
                    + ": " + IoReason.of(sent.getException()) + (left.isEmpty() ? "; no part of it was left on disk"
                    : "; could not delete " + SecretRedactor.redact(left)), sent.getException());
        }
        if (sent.getException() != null) {
            throw new IllegalStateException("could not write the report to " + SecretRedactor.redact(settings.sinkUri())
                    + ": " + SecretRedactor.redact(sent.getException().getMessage()), sent.getException());
        }
        String file = sent.getMessage().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
        return file != null ? file : SecretRedactor.redact(settings.sinkUri());
    }
}
