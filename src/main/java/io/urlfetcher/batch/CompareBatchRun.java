package io.urlfetcher.batch;

import io.urlfetcher.BatchReport;
import io.urlfetcher.CompareReport;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.flow.BatchRun;
import io.urlfetcher.flow.RunSettings;
import io.urlfetcher.flow.list.UrlListSource;
import io.urlfetcher.flow.result.SpoolFiles;
import io.urlfetcher.http.HostCircuitBreakers;

import org.apache.camel.CamelContext;

import java.time.Duration;

/** {@code compare}: the list sequentially, then in parallel, and how many times faster the parallel run was. */
public final class CompareBatchRun implements BatchRun {

    private final CamelContext context;
    private final LocalBatchRun sequential;
    private final LocalBatchRun parallel;

    CompareBatchRun(CamelContext context, RunSettings settings, Duration fetchTimeout) {
        this.context = context;
        this.sequential = LocalBatchRun.partOfCompare(context, settings, fetchTimeout, false);
        this.parallel = LocalBatchRun.partOfCompare(context, settings, fetchTimeout, true);
    }

    @Override
    public CompareReport run(UrlListSource urlList, SpoolFiles spools) {
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
                .lookupByNameAndType(BeanNames.HOST_BREAKERS, HostCircuitBreakers.class);
        if (breakers != null) {
            breakers.reset();
        }
    }
}
