package io.urlfetcher.watch;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.ResultCollector;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.flow.list.InputFormat;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The beans of the watch route ({@code routes/fetch-watch.yaml}), bound by its configuration. */
public final class WatchBeans {

    private WatchBeans() {
    }

    /**
     * Puts back the lists a stopped service left in {@code .running/}, then binds the route's steps, the inbox
     * consumer's exception handler and the folder's health check.
     *
     * @param inbox          the watched folder
     * @param format         how lists are read ({@code fetch.input-format})
     * @param emptyCollector the collector of a report, for a resumed list whose lines were all done
     */
    public static void bind(CamelContext context, String inbox, InputFormat format, RunStop runStop,
                            Supplier<ResultCollector> emptyCollector) {
        WatchSteps watch = new WatchSteps(inbox, runStop);
        try {
            watch.returnInterruptedLists();
        } catch (IOException e) {
            throw new UncheckedIOException("could not put back the lists of .running/: " + e.getMessage(), e);
        }
        ListStates states = new ListStates(Path.of(inbox), format, emptyCollector);
        WatchProblems problems = new WatchProblems();
        Registry registry = context.getRegistry();
        registry.bind(BeanNames.CHECK_URL_LIST, (Processor) watch::checkUrlList);
        registry.bind(BeanNames.OPEN_LIST_STATE, (Processor) states::open);
        registry.bind(BeanNames.KEEP_STOPPED_LIST, (Processor) watch::keepStoppedList);
        registry.bind(BeanNames.LOG_WATCHED_REPORT, (Processor) watch::logWatchedReport);
        registry.bind(BeanNames.WATCH_FAILURE, (Processor) watch::watchFailure);
        registry.bind(BeanNames.CLOSE_LIST_STATE, (Processor) states::close);
        registry.bind(BeanNames.WATCH_PROBLEMS, problems);
        registry.bind(BeanNames.WATCH_HEALTH, new WatchHealthCheck(watch.folders(), problems));
    }
}
