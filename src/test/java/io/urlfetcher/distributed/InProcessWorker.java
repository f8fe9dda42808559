package io.urlfetcher.distributed;

import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.cli.CamelOverrides;

import org.apache.camel.main.Main;

import java.util.Map;

/** {@code url-fetcher worker} inside the test's JVM: the same Camel set-up, stopped by {@link #close()}. */
final class InProcessWorker implements AutoCloseable {

    private final Main main = new Main();

    InProcessWorker(Map<String, String> properties) throws Exception {
        Map<String, String> overrides = CamelOverrides.withDistributedRoutes(new java.util.HashMap<>(properties));
        FetchConfiguration.configurationsFor(overrides.get(FetchConfiguration.ROUTES_PATTERN))
                .forEach(main.configure()::addConfiguration);
        overrides.forEach(main::addOverrideProperty);
        main.start();
        main.getCamelContext().getRouteController().startRoute("worker-jobs");
    }

    @Override
    public void close() {
        main.stop();
    }
}
