package io.urlfetcher.config;

import org.apache.camel.CamelConfiguration;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A route file a process loads beside the batch routes application.properties names, with the configuration class
 * that binds its beans: only a process that loads the file gets them (the watch route's file consumer needs its folder,
 * the distributed routes' JMS endpoints a broker).
 */
public enum RouteFile {

    WATCH(FetchConfiguration.WATCH_ROUTES, WatchConfiguration.class),
    DISTRIBUTED(FetchConfiguration.DISTRIBUTED_ROUTES, DistributedConfiguration.class),
    /** Its one bean, the rounds' own ({@code BeanNames.ROUNDS}), is made per run and bound by the command line. */
    ROUNDS(FetchConfiguration.ROUNDS_ROUTES, null);

    private final String location;
    private final Class<? extends CamelConfiguration> configuration;

    RouteFile(String location, Class<? extends CamelConfiguration> configuration) {
        this.location = location;
        this.configuration = configuration;
    }

    /** As {@code camel.main.routes-include-pattern} names it. */
    public String location() {
        return location;
    }

    /** The configuration class that binds its beans; empty when the command line binds them. */
    public Optional<Class<? extends CamelConfiguration>> configuration() {
        return Optional.ofNullable(configuration);
    }

    /** The files an embedding host's own pattern ({@code camel.main.routes-include-pattern}) names. */
    public static Set<RouteFile> in(String routesPattern) {
        Set<RouteFile> files = EnumSet.noneOf(RouteFile.class);
        for (RouteFile file : values()) {
            if (routesPattern != null && routesPattern.contains(file.location)) {
                files.add(file);
            }
        }
        return files;
    }
}
