package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.FetchMetrics;
import io.urlfetcher.core.FetchProgress;
import io.urlfetcher.core.RunStop;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.distributed.BrokerSettings;

import org.apache.camel.CamelContext;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The long-running modes, {@code url-fetcher worker} and {@code --watch DIR}: each starts one route and serves until
 * the process is told to stop (Ctrl-C, SIGTERM); Camel then shuts down gracefully (a job in flight is rolled back, so
 * the broker redelivers it).
 */
final class ServiceRunner {

    private final CommandStreams streams;

    ServiceRunner(CommandStreams streams) {
        this.streams = streams;
    }

    /** A worker: consumes jobs until stopped. */
    int worker(Map<String, String> overrides) {
        return serve(() -> Launch.worker(overrides), overrides, "worker-jobs", false,
                settings -> {
                    BrokerSettings broker = settings.broker();
                    broker.require("a worker");
                    return "url-fetcher worker " + ManagementFactory.getRuntimeMXBean().getName()
                           + ": " + settings.run().concurrency() + " consumers of " + broker.jobsQueue() + " on "
                           + SecretRedactor.redact(broker.clientUrl()) + (broker.embedded() ? " (embedded broker)" : "")
                           + ", results to " + broker.resultsQueue();
                });
    }

    /** --watch DIR: fetches each list dropped into the folder until stopped. */
    int watch(Map<String, String> overrides) {
        return serve(() -> Launch.watch(overrides), overrides, "watch-inbox", true, settings -> {
                    return "url-fetcher: watching " + settings.service().watch() + " for *.txt URL lists and *.jsonl requests"
                           + " (reports in .done/, failures in .failed/)";
                });
    }

    /**
     * @param stopRun whether a stop also stops the run in progress ({@link RunStop}: its lines not yet started are not
     *                started, those in flight get the grace), where a worker's job in flight is rolled back instead
     * @param given   the options of the command line, for errors that name them as typed
     * @param prepare checks the settings and returns the line that says what runs
     */
    private int serve(Supplier<Launch> launch, Map<String, String> given, String routeId, boolean stopRun, Function<FetchSettings, String> prepare) {
        try (CamelLauncher launcher = new CamelLauncher(streams.environment())) {
            try {
                // Camel main's own hang-up handler turns Ctrl-C or SIGTERM into a shutdown request and then waits for
                // this thread to stop Camel (a second handler of ours would wait for it in turn, 20 s).
                Launch started = launch.get();
                CamelContext context = launcher.start(started);
                FetchSettings settings = started.settings();
                String banner = prepare.apply(settings);
                if (settings.service().httpPort() > 0) {
                    FetchMetrics.publish(context,
                            context.getRegistry().lookupByNameAndType(BeanNames.PROGRESS, FetchProgress.class));
                }
                context.getRouteController().startRoute(routeId);
                streams.err().println(banner + (settings.service().httpPort() > 0 ? "; health and metrics on "
                        + settings.service().httpHost() + " port " + settings.service().httpPort()
                        + " (/observe/health, /observe/metrics)" : "") + "; stop with Ctrl-C");
                launcher.awaitShutdownRequest();
                if (stopRun) {
                    context.getRegistry().lookupByNameAndType(RunStop.BEAN, RunStop.class)
                            .stop("SIGTERM or Ctrl-C");
                }
                return ExitCodes.OK;
            } catch (ConfigurationException e) {
                streams.err().println("url-fetcher: " + UsageMessages.of(e, given));
                return ExitCodes.USAGE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            } catch (Exception e) {
                streams.err().println("url-fetcher: " + routeId + " failed: "
                        + SecretRedactor.redact(String.valueOf(e.getMessage())));
                return ExitCodes.RUN_FAILED;
            }
        }
    }
}
