package io.urlfetcher.cli;

import io.urlfetcher.config.FetchConfiguration;

import java.util.Map;

/** Properties added to a run's overrides before Camel starts: extra route files, the management HTTP server. */
public final class CamelOverrides {

    private CamelOverrides() {
    }

    /** Adds the distributed routes to the ones application.properties loads. */
    public static Map<String, String> withDistributedRoutes(Map<String, String> overrides) {
        return withRoutes(overrides, FetchConfiguration.DISTRIBUTED_ROUTES);
    }

    /** Adds a routes file to the ones application.properties loads. */
    static Map<String, String> withRoutes(Map<String, String> overrides, String routesFile) {
        String routes = new ApplicationPropertiesDefaults().property(FetchConfiguration.ROUTES_PATTERN);
        overrides.put(FetchConfiguration.ROUTES_PATTERN,
                (routes == null || routes.isBlank() ? "" : routes.strip() + ",") + routesFile);
        return overrides;
    }

    /** Camel's management HTTP server with health checks and Prometheus metrics, when fetch.http-port is above 0. */
    static Map<String, String> withHttpServer(Map<String, String> overrides) {
        String port = overrides.getOrDefault("fetch.http-port",
                String.valueOf(new ApplicationPropertiesDefaults().property("fetch.http-port"))).strip();
        if (port.matches("\\d{1,5}") && Integer.parseInt(port) > 0) {
            // Camel's management server (camel-platform-http-main): its own port, apart from any routes' server.
            overrides.put("camel.management.enabled", "true");
            overrides.put("camel.management.port", port);
            overrides.put("camel.management.health-check-enabled", "true");
            overrides.put("camel.management.metrics-enabled", "true");
            overrides.put("camel.metrics.enabled", "true");
        }
        return overrides;
    }
}
