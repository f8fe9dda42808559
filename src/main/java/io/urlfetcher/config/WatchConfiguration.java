package io.urlfetcher.config;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.flow.result.FetchResultAggregationStrategy;
import io.urlfetcher.watch.WatchBeans;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Binds the beans of the --watch route ({@link FetchConfiguration#WATCH_ROUTES}); the flow's beans come from {@link FetchConfiguration}. */
public class WatchConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    public static void bind(CamelContext context) {
        FetchSettings settings = FetchConfiguration.settings(context);
        FetchResultAggregationStrategy results = context.getRegistry()
                .lookupByNameAndType(BeanNames.RESULTS_AS_FORMAT, FetchResultAggregationStrategy.class);
        WatchBeans.bind(context, settings.service().watch(), settings.run().inputFormat(),
                context.getRegistry().lookupByNameAndType(BeanNames.RUN_STOP, RunStop.class), results::newCollector);
    }
}
