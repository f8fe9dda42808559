package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.config.RouteFile;
import io.urlfetcher.flow.list.UrlListFile;
import io.urlfetcher.flow.state.RunState;
import io.urlfetcher.report.ReportSettings;
import io.urlfetcher.watch.WatchSteps;

import org.apache.camel.util.IOHelper;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a command starts, decided once, before Camel starts, from its settings parsed once: the route files its mode
 * needs, whether Camel's hang-up hook stops it, the management server's port, and whether it may keep a state
 * ({@code --state}). Camel gets the same settings (bound as {@code fetchSettings}) and the options as override
 * properties, for the routes' placeholders.
 *
 * @param options        the command line's options as {@code fetch.*} properties
 * @param routeFiles     loaded beside the batch routes of application.properties
 * @param hangupSupport  whether Camel Main's hang-up hook turns Ctrl-C and SIGTERM into a shutdown (a service); a
 *                       batch, local or distributed, handles the signals itself
 * @param managementPort Camel's management server (health, metrics) for a service, 0 for none
 */
record Launch(Map<String, String> options, FetchSettings settings, Set<RouteFile> routeFiles, boolean hangupSupport,
              int managementPort) {

    /**
     * The property the rounds' timer reads its period from, in milliseconds: Camel reads a duration its own way
     * ({@code 2M} is 0 there), and an environment variable {@code FETCH_EVERY} would win over an override of
     * {@code fetch.every}.
     */
    static final String ROUNDS_PERIOD_MILLIS = "url-fetcher.rounds.period-millis";

    /** A batch ({@code --urls}, {@code submit}): distributed, it needs the distributed routes; either handles the signals. */
    static Launch batch(Map<String, String> options) {
        FetchSettings settings = settings(options);
        RunState.requireSupported(settings.run().state(), settings.run().mode()); // before a distributed batch asks for a broker
        boolean distributed = settings.run().mode() == FetchMode.DISTRIBUTED;
        if (settings.service().inRounds()) {
            return rounds(options, settings);
        }
        if (settings.service().rounds() > 0) {
            throw new ConfigurationException("--rounds counts the rounds of --every; give --every too");
        }
        return new Launch(options, settings, distributed ? EnumSet.of(RouteFile.DISTRIBUTED) : EnumSet.noneOf(RouteFile.class),
                false, 0);
    }

    /** {@code --every}: the batch routes and the rounds' timer route; the signals are handled here, as in a batch. */
    private static Launch rounds(Map<String, String> options, FetchSettings settings) {
        RunState.refuseIn(settings.run().state(), "--every");
        if (settings.run().mode() == FetchMode.DISTRIBUTED) {
            throw new ConfigurationException("--every repeats a batch fetched in this process, not --mode distributed");
        }
        if (settings.run().demo() || settings.run().urls().isEmpty() || UrlListFile.isStandardInput(settings.run().urls())) {
            throw new ConfigurationException("--every reads the list again each round: give it as a file, --urls FILE");
        }
        Map<String, String> camel = new LinkedHashMap<>(options);
        camel.put(ROUNDS_PERIOD_MILLIS, String.valueOf(settings.service().every().toMillis()));
        return new Launch(camel, settings, EnumSet.of(RouteFile.ROUNDS), false, 0);
    }

    /** {@code url-fetcher worker}: the distributed routes, until stopped. */
    static Launch worker(Map<String, String> options) {
        return service(options, RouteFile.DISTRIBUTED, "a worker");
    }

    /** {@code --watch DIR}: the watch route, until stopped. */
    static Launch watch(Map<String, String> options) {
        Launch launch = service(options, RouteFile.WATCH, "--watch");
        refuseReportOptions(launch.settings().report());
        WatchSteps.requireFolder(launch.settings().service().watch()); // before camel-file would create it
        return launch;
    }

    /** --watch writes each list's report as JSON beside it: a sink, a format or a waterfall would be silently ignored. */
    private static void refuseReportOptions(ReportSettings report) {
        ReportSettings defaults = FetchSettings.from(key -> Optional.empty()).report();
        List<String> given = new ArrayList<>();
        if (!report.sinkUri().equals(defaults.sinkUri())) {
            given.add("--sink");
        }
        if (report.format() != defaults.format()) {
            given.add("--format");
        }
        if (!report.html().isEmpty()) {
            given.add("--html");
        }
        if (!given.isEmpty()) {
            throw new ConfigurationException(String.join(", ", given) + " cannot be used with --watch, which writes each"
                    + " list's report as JSON to DIR/.done/<list>.report.json (the results are also on /observe/metrics"
                    + " with --http-port); leave " + (given.size() == 1 ? "it" : "them") + " out, or fetch a list with --urls");
        }
    }

    private static Launch service(Map<String, String> options, RouteFile routes, String name) {
        FetchSettings settings = settings(options);
        RunState.refuseIn(settings.run().state(), name);
        if (settings.service().inRounds()) {
            throw new ConfigurationException("--every repeats the list of --urls, not " + name + "; leave it out");
        }
        return new Launch(options, settings, EnumSet.of(routes), true, settings.service().httpPort());
    }

    /**
     * The one parse of the settings, which looks a property up as Camel's properties component will: an environment
     * variable ({@code FETCH_MODE}), a system property, the command line's option, then application.properties.
     */
    static FetchSettings settings(Map<String, String> options) {
        ApplicationPropertiesDefaults defaults = new ApplicationPropertiesDefaults();
        return FetchSettings.from(key -> Optional.ofNullable(IOHelper.lookupEnvironmentVariable(key))
                .or(() -> Optional.ofNullable(System.getProperty(key)))
                .or(() -> Optional.ofNullable(options.get(key)))
                .or(() -> Optional.ofNullable(defaults.property(key))));
    }
}
