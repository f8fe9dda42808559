package io.urlfetcher.config;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.watch.WatchSteps;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Binds the steps of the --watch route ({@link FetchConfiguration#WATCH_ROUTES}); the flow's beans come from {@link FetchConfiguration}. */
public class WatchConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    public static void bind(CamelContext context) {
        WatchSteps watch = new WatchSteps(FetchConfiguration.settings(context).service().watch());
        try {
            watch.returnInterruptedLists();
        } catch (IOException e) {
            throw new UncheckedIOException("could not put back the lists of .running/: " + e.getMessage(), e);
        }
        Registry registry = context.getRegistry();
        registry.bind(BeanNames.CHECK_URL_LIST, (Processor) watch::checkUrlList);
        registry.bind(BeanNames.LOG_WATCHED_REPORT, (Processor) watch::logWatchedReport);
        registry.bind(BeanNames.WATCH_FAILURE, (Processor) watch::watchFailure);
    }
}
