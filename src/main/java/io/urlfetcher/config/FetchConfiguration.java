package io.urlfetcher.config;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.flow.FlowBeans;
import io.urlfetcher.http.HttpBeans;
import io.urlfetcher.report.ReportBeans;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.DnsResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Binds the beans of the fetch flow (the Kamelet {@code url-fetch-action}) and of the batch's report sink, built from the
 * {@code fetch.*} properties. An embedding host calls {@link #bind(CamelContext)} the same way camel-main does; the
 * watch and distributed routes have their own configurations ({@link #configurationsFor}).
 */
public class FetchConfiguration implements CamelConfiguration {

    /** Routes of workers and submitters: their JMS endpoints need a broker, so only those load them. */
    public static final String DISTRIBUTED_ROUTES = "classpath:routes/fetch-distributed.yaml";
    /** The route of --watch: loaded only in that mode (its file consumer needs the folder). */
    public static final String WATCH_ROUTES = "classpath:routes/fetch-watch.yaml";
    /** The timer route of --every: loaded only in that mode. */
    public static final String ROUNDS_ROUTES = "classpath:routes/fetch-rounds.yaml";
    public static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";

    /**
     * Registry name of an optional {@code Function<String, String>} to read environment variables through (the proxy
     * variables) instead of {@link System#getenv(String)}.
     */
    public static final String ENVIRONMENT = BeanNames.ENVIRONMENT;

    /** Registry name of an optional {@link DnsResolver} to use instead of the system's. */
    public static final String DNS_RESOLVER = BeanNames.DNS_RESOLVER;

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    /**
     * Binds the beans the fetch flow's calls share (the Kamelet declares its own steps; {@code SharedBeans.NAMES} lists
     * the shared ones) and those of the batch runs and the batch's report sink, and nothing else: the watch
     * route's and the distributed routes' beans, and the broker, are bound by {@link WatchConfiguration} and
     * {@link DistributedConfiguration} when those routes are loaded ({@link #configurationsFor}).
     *
     * @return the settings the host bound already (the command line parses them once, before Camel starts), else
     *         read from the context's {@code fetch.*} properties
     */
    public static FetchSettings bind(CamelContext context) {
        FetchSettings settings = settings(context);
        publishDefault(context, "fetch.concurrency", settings.run().concurrency());
        context.getRegistry().bind(BeanNames.SETTINGS, settings);
        // Each package binds what the Kamelet's calls share (SharedBeans.NAMES); the Kamelet makes its steps itself
        // (KameletBeans). The HTTP client needs the flow's stop switch and deadline timer.
        FlowBeans flow = FlowBeans.bind(context, settings.run(), settings.report(), settings.http().tls().insecure());
        HttpBeans.bind(context, settings.http(), settings.run().maxConcurrency(), flow.deadlines(), flow.runStop());
        ReportBeans.bind(context, settings.report());
        return settings;
    }

    /**
     * The configuration classes of a host whose routes are these ({@code camel.main.routes-include-pattern}): the
     * flow's and the broker's (which does nothing unless fetch.broker-url is set) always, the watch route's and the
     * distributed routes' only when their files are loaded.
     */
    public static List<Class<? extends CamelConfiguration>> configurationsFor(String routesPattern) {
        return configurationsFor(RouteFile.in(routesPattern));
    }

    /** The configuration classes of a host that loads these route files beside the batch routes. */
    public static List<Class<? extends CamelConfiguration>> configurationsFor(Set<RouteFile> routeFiles) {
        List<Class<? extends CamelConfiguration>> classes = new ArrayList<>(
                List.of(FetchConfiguration.class, BrokerConfiguration.class));
        routeFiles.stream().sorted().flatMap(file -> file.configuration().stream()).forEach(classes::add);
        return classes;
    }

    /** The settings the flow's configuration bound, or (a host that binds only a part) read from the properties. */
    public static FetchSettings settings(CamelContext context) {
        FetchSettings bound = context.getRegistry().lookupByNameAndType(BeanNames.SETTINGS, FetchSettings.class);
        return bound != null ? bound : FetchSettings.from(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /**
     * Routes and the Kamelet read some settings as placeholders ({@code {{fetch.concurrency}}}): a host without
     * application.properties gets the value in force, FetchSettings' default, as the lowest-priority property.
     */
    public static void publishDefault(CamelContext context, String key, Object value) {
        if (context.getPropertiesComponent().resolveProperty(key).isEmpty()) {
            context.getPropertiesComponent().addInitialProperty(key, String.valueOf(value));
        }
    }
}
