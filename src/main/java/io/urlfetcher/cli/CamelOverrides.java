package io.urlfetcher.cli;

import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.StandardOutput;
import io.urlfetcher.config.RouteFile;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The properties Camel starts with: the command line's options, its route files, the management HTTP server. */
public final class CamelOverrides {

    /** Beyond the grace, for the report of the list a stop cut short: it is written from memory, in well under this. */
    static final long WATCH_STOP_MARGIN_SECONDS = 10;

    private CamelOverrides() {
    }

    /** Adds the distributed routes to the ones application.properties loads (a worker in a test's JVM). */
    public static Map<String, String> withDistributedRoutes(Map<String, String> overrides) {
        return withRoutes(overrides, EnumSet.of(RouteFile.DISTRIBUTED));
    }

    /** The launch's options, its route files and, with a management port, Camel's management server. */
    static Map<String, String> of(Launch launch) {
        Map<String, String> properties = withRoutes(new LinkedHashMap<>(launch.options()), launch.routeFiles());
        if (launch.managementPort() > 0) {
            // Camel's management server (camel-platform-http-main): its own port, apart from any routes' server.
            properties.put("camel.management.enabled", "true");
            properties.put("camel.management.port", String.valueOf(launch.managementPort()));
            properties.put("camel.management.host", launch.settings().service().httpHost());
            properties.put("camel.management.health-check-enabled", "true");
            properties.put("camel.management.metrics-enabled", "true");
            properties.put("camel.metrics.enabled", "true");
        }
        if (StandardOutput.isSink(launch.settings().report().sinkUri())) {
            // --sink -: Camel has no endpoint named '-'; the report-sink route sends the report to this bean instead.
            properties.put("fetch.sink-uri", "bean:" + BeanNames.STANDARD_OUTPUT);
        }
        if (launch.routeFiles().contains(RouteFile.WATCH)) {
            // A stop gives the running list fetch.grace, then its report is written: Camel must wait that long for it.
            long grace = launch.settings().run().grace().toSeconds();
            properties.put("camel.main.shutdown-timeout", String.valueOf(grace + WATCH_STOP_MARGIN_SECONDS));
        }
        return properties;
    }

    /** Adds route files to the ones application.properties loads. */
    private static Map<String, String> withRoutes(Map<String, String> overrides, Set<RouteFile> routeFiles) {
        if (!routeFiles.isEmpty()) {
            String routes = new ApplicationPropertiesDefaults().property(FetchConfiguration.ROUTES_PATTERN);
            overrides.put(FetchConfiguration.ROUTES_PATTERN, (routes == null || routes.isBlank() ? "" : routes.strip() + ",")
                    + routeFiles.stream().sorted().map(RouteFile::location).collect(Collectors.joining(",")));
        }
        return overrides;
    }
}
