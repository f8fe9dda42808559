package io.urlfetcher.batch;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.Report;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.distributed.DistributedBatchRun;
import io.urlfetcher.flow.BatchResult;
import io.urlfetcher.flow.BatchRun;
import io.urlfetcher.flow.list.UrlListSource;
import io.urlfetcher.flow.response.BodyStore;
import io.urlfetcher.flow.response.BodyWriteFailures;
import io.urlfetcher.flow.result.SpoolFiles;
import io.urlfetcher.report.BatchReportSink;

import org.apache.camel.CamelContext;

/**
 * Runs one batch the way its mode says ({@link #forMode}) and writes its report ({@link BatchReportSink});
 * the runs' spool files are deleted however it ends.
 */
public final class BatchRunner {

    private final CamelContext context;
    private final BatchRun run;
    private final BatchReportSink sink;

    public BatchRunner(CamelContext context, FetchSettings settings) {
        this(context, forMode(context, settings), new BatchReportSink(context, settings.report()));
    }

    /** The one place the mode picks the run. */
    public static BatchRun forMode(CamelContext context, FetchSettings settings) {
        return switch (settings.run().mode()) {
            case SEQUENTIAL -> new LocalBatchRun(context, settings.run(), settings.http().timeout(), false);
            case PARALLEL -> new LocalBatchRun(context, settings.run(), settings.http().timeout(), true);
            case COMPARE -> new CompareBatchRun(context, settings.run(), settings.http().timeout());
            case DISTRIBUTED -> new DistributedBatchRun(context, settings.run(), settings.broker());
        };
    }

    BatchRunner(CamelContext context, BatchRun run, BatchReportSink sink) {
        this.context = context;
        this.run = run;
        this.sink = sink;
    }

    /** The run this runner hands the list to. */
    public BatchRun batchRun() {
        return run;
    }

    /** @param urlList as {@link BatchRun#run} reads it */
    public BatchResult run(UrlListSource urlList) {
        return run(urlList, null);
    }

    /**
     * @param urlList as {@link BatchRun#run} reads it
     * @param round   the round of {@code --every} this run is, which its report and the report's file name carry; null
     *                for a run of its own
     */
    public BatchResult run(UrlListSource urlList, Round round) {
        BodyStore bodyStore = context.getRegistry().lookupByNameAndType(BeanNames.BODY_STORE, BodyStore.class);
        BodyWriteFailures bodyFailures = bodyStore == null ? null : bodyStore.failures();
        long bodyFailuresBefore = bodyFailures == null ? 0 : bodyFailures.count();
        try (SpoolFiles spools = new SpoolFiles()) {
            Report report = run.run(urlList, spools);
            if (round != null) {
                report = report.withRound(round.number());
            }
            String writtenTo = round == null ? sink.write(report) : sink.write(report, round.fileStem());
            long failedBodies = bodyFailures == null ? 0 : bodyFailures.count() - bodyFailuresBefore;
            return new BatchResult(report, writtenTo, report.failures(),
                    failedBodies > 0 ? bodyFailures.describe(failedBodies) : null);
        } catch (RuntimeException e) {
            long failedBodies = bodyFailures == null ? 0 : bodyFailures.count() - bodyFailuresBefore;
            if (failedBodies > 0 && !(e instanceof ConfigurationException)) { // the same full disk often fails the report too: say both
                throw new IllegalStateException(e.getMessage() + "; and " + bodyFailures.describe(failedBodies), e);
            }
            throw e;
        }
    }
}
