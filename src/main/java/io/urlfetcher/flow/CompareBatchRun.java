package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchConfiguration;
import io.urlfetcher.FetchSettings;
import io.urlfetcher.http.HostCircuitBreakers;
import io.urlfetcher.report.CompareReport;

import org.apache.camel.CamelContext;

/** {@code compare}: the list sequentially, then in parallel, and how many times faster the parallel run was. */
final class CompareBatchRun implements BatchRun {

    private final CamelContext context;
    private final LocalBatchRun sequential;
    private final LocalBatchRun parallel;

    CompareBatchRun(CamelContext context, FetchSettings settings) {
        this.context = context;
        this.sequential = LocalBatchRun.partOfCompare(context, settings, false);
        this.parallel = LocalBatchRun.partOfCompare(context, settings, true);
    }

    @Override
    public CompareReport run(Object urlList, SpoolFiles spools) {
        BatchReport first = sequential.run(urlList, spools);
        resetHostBreakers(); // the parallel run meets every host as the sequential run did: closed
        return CompareReport.of(first, parallel.run(urlList, spools));
    }

    @Override
    public boolean readsListTwice() {
        return true;
    }

    private void resetHostBreakers() {
        HostCircuitBreakers breakers = context.getRegistry()
                .lookupByNameAndType(FetchConfiguration.HOST_BREAKERS, HostCircuitBreakers.class);
        if (breakers != null) {
            breakers.reset();
        }
    }
}
