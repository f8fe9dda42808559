package io.urlfetcher;

import org.apache.camel.CamelContext;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The command line: a batch run here ({@code url-fetcher --urls FILE}), a worker ({@code url-fetcher worker})
 * or a batch for the workers ({@code url-fetcher submit}). The options are {@link FetchOptions}; the values
 * of {@code application.properties} are shown as their defaults in {@code --help}.
 */
@Command(name = "url-fetcher", mixinStandardHelpOptions = true, sortOptions = false,
         subcommands = { WorkerCommand.class, SubmitCommand.class },
         versionProvider = FetchCommand.Version.class, defaultValueProvider = ApplicationPropertiesDefaults.class,
         description = "Fetches every URL of a list with Apache Camel, sequentially or in parallel, times each "
                       + "response and writes a JSON report.",
         exitCodeListHeading = "%nExit codes:%n",
         exitCodeList = { "0:the run completed, whatever each URL's outcome",
                 "1:--fail-on-error was given and a URL failed",
                 "2:usage or configuration error (the message says what to fix)",
                 "3:the run itself failed (the report, its spool or a saved body could not be written: a full disk, a "
                 + "folder gone read-only; or an internal error)",
                 "130:stopped by Ctrl-C (SIGINT): the report has the lines not started and interrupted",
                 "143:stopped by SIGTERM: the same" })
public final class FetchCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_URL_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_RUN_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    FetchOptions options;

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> environment;

    public FetchCommand() {
        this(System.out, System.err);
    }

    FetchCommand(PrintStream out, PrintStream err) {
        this(out, err, System::getenv);
    }

    /** @param environment reads the proxy environment variables (tests pass a map's {@code get}) */
    FetchCommand(PrintStream out, PrintStream err, Function<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = FetchOptions.givenAsProperties(spec);
        if (options.watch != null && !options.watch.isBlank()) {
            return runWatch(overrides);
        }
        if (FetchMode.DISTRIBUTED.label().equalsIgnoreCase(String.valueOf(overrides.get("fetch.mode")).strip())) {
            withDistributedRoutes(overrides);
        }
        return runBatch(overrides, options.demo);
    }

    /**
     * A body that cannot be saved (a full disk, a folder gone) stops the batch as a signal would: later bodies would
     * fail the same way, so the lines not yet started are left {@code not_started}, for a resumed run ({@code --state}).
     */
    private void stopOnBodyWriteFailure(CamelContext context, RunStop runStop) {
        BodyWriteFailures failures = context.getRegistry().lookupByNameAndType(FetchConfiguration.BODY_WRITE_FAILURES,
                BodyWriteFailures.class);
        if (failures != null) {
            failures.onFailure(reason -> {
                if (runStop.stop("a body could not be saved: " + reason)) {
                    err.println("url-fetcher: " + reason + ": no further URL is started");
                }
            });
        }
    }

    /** Adds the distributed routes to the ones application.properties loads. */
    static Map<String, String> withDistributedRoutes(Map<String, String> overrides) {
        return withRoutes(overrides, FetchConfiguration.DISTRIBUTED_ROUTES);
    }

    /** Adds a routes file to the ones application.properties loads. */
    static Map<String, String> withRoutes(Map<String, String> overrides, String routesFile) {
        String routes = new ApplicationPropertiesDefaults().property(FetchConfiguration.ROUTES_PATTERN);
        overrides.put(FetchConfiguration.ROUTES_PATTERN,
                (routes == null || routes.isBlank() ? "" : routes.strip() + ",") + routesFile);
        return overrides;
    }

    /** One batch, locally or (mode distributed) through the workers, then the report. */
    int runBatch(Map<String, String> overrides, boolean demo) {
        LocalTargetServer demoServer = null;
        Main main = new Main();
        boolean distributed = FetchMode.DISTRIBUTED.label().equalsIgnoreCase(String.valueOf(overrides.get("fetch.mode")).strip());
        if (!distributed && main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy hangup) {
            // A local batch handles SIGINT and SIGTERM itself (StopSignals). Camel Main's hang-up hook, a JVM shutdown
            // hook, would only wait for a Camel context nobody stops during a batch; it is installed by start().
            hangup.disableHangupSupport();
        }
        try {
            if (demo) {
                demoServer = LocalTargetServer.start();
                overrides.putIfAbsent("fetch.mode", "compare");
            }
            RunState.requireSupported(overrides.get("fetch.state"), overrides.get("fetch.mode"));
            CamelContext context = start(main, overrides);
            FetchSettings settings = context.getRegistry().lookupByNameAndType("fetchSettings", FetchSettings.class);
            if (settings.virtualThreads() && !FetchExecutors.virtualThreadsAvailable()) {
                err.println("url-fetcher: virtual threads need Java 21 or newer; this is Java " + Runtime.version().feature()
                            + ", so platform threads fetch (the report's 'threads' says which)");
            }
            RunState.requireSupported(settings); // before a distributed batch asks for a broker
            if (settings.mode() == FetchMode.DISTRIBUTED) {
                requireBroker(settings, "a distributed batch");
            }
            Object urlList = demo ? DemoUrls.list(demoServer) : UrlListFile.isStandardInput(settings.urls())
                    ? UrlListFile.standardInput(System.in, settings.mode() == FetchMode.COMPARE
                                                          || settings.mode() == FetchMode.DISTRIBUTED)
                    : UrlListFile.open(settings.urls()).toFile();
            ReportFile.requireWritableFolder(context, settings.sinkUri()); // after the list: a typo in --urls makes no folder

            FetchJob.Result result;
            StopSignals signals = null;
            try (ProgressPrinter ignored = progress(context, settings,
                    () -> urlList instanceof java.io.File file ? UrlListFile.countUrlLines(file.toPath()) : -1)) {
                if (settings.mode() != FetchMode.DISTRIBUTED) {
                    FetchProgress progress = context.getRegistry().lookupByNameAndType(FetchConfiguration.PROGRESS,
                            FetchProgress.class);
                    RunStop runStop = context.getRegistry().lookupByNameAndType(RunStop.BEAN, RunStop.class);
                    signals = StopSignals.install(runStop, err, () -> (int) progress.inFlight());
                    stopOnBodyWriteFailure(context, runStop);
                }
                result = new FetchJob(context, settings).run(urlList);
            } finally {
                if (signals != null) {
                    signals.close();
                }
            }
            new ConsoleReport(out, !settings.quiet()).print(result.report());
            out.println("report: " + result.writtenTo());
            if (!settings.html().isEmpty()) {
                out.println("waterfall: " + settings.html());
            }
            boolean stopped = signals != null && signals.exitCode() != 0;
            if (stopped) {
                err.println("url-fetcher: stopped by " + signals.received() + ": " + StopSignals.summary(result.report())
                            + "; report: " + result.writtenTo());
            }
            if (result.sinkFailure() != null) { // bodies not saved (a full disk): the report says which URLs
                err.println("url-fetcher: " + result.sinkFailure());
                return EXIT_RUN_FAILED;
            }
            if (stopped) {
                return signals.exitCode();
            }
            return settings.failOnError() && result.failures() > 0 ? EXIT_URL_FAILED : EXIT_OK;
        } catch (ConfigurationException e) {
            err.println("url-fetcher: " + e.getMessage());
            return EXIT_USAGE;
        } catch (java.io.IOException e) {
            err.println("url-fetcher: could not start the demo server: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            main.stop(); // first: the log lines of fetches still in flight come before the message, not after it
            err.println("url-fetcher: the run failed: " + SecretRedactor.redact(String.valueOf(e.getMessage())));
            return EXIT_RUN_FAILED;
        } finally {
            main.stop();
            if (demoServer != null) {
                demoServer.close();
            }
        }
    }

    /** A worker: consumes jobs until stopped. */
    int runWorker(Map<String, String> overrides) {
        return runService(withHttpServer(withRoutes(overrides, FetchConfiguration.DISTRIBUTED_ROUTES)), "worker-jobs",
                settings -> {
                    RunState.refuseIn(settings, "a worker");
                    requireBroker(settings, "a worker");
                    BrokerSettings broker = settings.broker();
                    return "url-fetcher worker " + java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
                           + ": " + settings.concurrency() + " consumers of " + broker.jobsQueue() + " on "
                           + SecretRedactor.redact(broker.clientUrl()) + (broker.embedded() ? " (embedded broker)" : "")
                           + ", results to " + broker.resultsQueue();
                });
    }

    /** --watch DIR: fetches each list dropped into the folder until stopped. */
    private int runWatch(Map<String, String> overrides) {
        return runService(withHttpServer(withRoutes(overrides, FetchConfiguration.WATCH_ROUTES)), "watch-inbox", settings -> {
            RunState.refuseIn(settings, "--watch");
            WatchSteps.requireFolder(settings.watch());
            return "url-fetcher: watching " + settings.watch() + " for *.txt URL lists and *.jsonl requests (reports in .done/, failures in"
                   + " .failed/)";
        });
    }

    /**
     * A long-running mode: starts one route and serves until the process is told to stop (Ctrl-C, SIGTERM);
     * Camel then shuts down gracefully (a job in flight is rolled back, so the broker redelivers it).
     *
     * @param prepare checks the settings and returns the line that says what runs
     */
    private int runService(Map<String, String> overrides, String routeId, Function<FetchSettings, String> prepare) {
        Main main = new Main();
        try {
            CamelContext context = start(main, overrides);
            FetchSettings settings = context.getRegistry().lookupByNameAndType("fetchSettings", FetchSettings.class);
            String banner = prepare.apply(settings);
            if (settings.httpPort() > 0) {
                FetchMetrics.publish(context,
                        context.getRegistry().lookupByNameAndType(FetchConfiguration.PROGRESS, FetchProgress.class));
            }
            context.getRouteController().startRoute(routeId);
            err.println(banner + (settings.httpPort() > 0 ? "; health and metrics on port " + settings.httpPort()
                    + " (/observe/health, /observe/metrics)" : "") + "; stop with Ctrl-C");
            // Camel main's own hang-up handler turns Ctrl-C or SIGTERM into a shutdown request and then waits for
            // this thread to stop Camel (a second handler of ours would wait for it in turn, 20 s).
            main.getShutdownStrategy().await();
            return EXIT_OK;
        } catch (ConfigurationException e) {
            err.println("url-fetcher: " + e.getMessage());
            return EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        } catch (Exception e) {
            err.println("url-fetcher: " + routeId + " failed: " + SecretRedactor.redact(String.valueOf(e.getMessage())));
            return EXIT_RUN_FAILED;
        } finally {
            main.stop();
        }
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

    /** A live line on a terminal, log lines elsewhere; nothing with --quiet. */
    private ProgressPrinter progress(CamelContext context, FetchSettings settings, java.util.function.LongSupplier total) {
        if (settings.quiet()) {
            return null;
        }
        FetchProgress progress = context.getRegistry().lookupByNameAndType(FetchConfiguration.PROGRESS, FetchProgress.class);
        return new ProgressPrinter(progress, total, ProgressPrinter.onTerminal() ? err : null,
                settings.progressEvery());
    }

    private static void requireBroker(FetchSettings settings, String what) {
        if (!settings.broker().configured()) {
            throw new ConfigurationException(BrokerSettings.needed(what));
        }
    }

    private CamelContext start(Main main, Map<String, String> overrides) {
        // The flow's beans, and the watch or distributed routes' own only when those routes are loaded.
        FetchConfiguration.configurationsFor(overrides.get(FetchConfiguration.ROUTES_PATTERN))
                .forEach(main.configure()::addConfiguration);
        main.bind(FetchConfiguration.ENVIRONMENT, environment);
        overrides.forEach(main::addOverrideProperty);
        return start(main);
    }

    /** Starts Camel; any failure to start is a configuration error (bad setting, bad sink URI). */
    private CamelContext start(Main main) {
        try {
            main.start();
        } catch (Exception e) {
            throw new ConfigurationException(startFailure(e), e);
        }
        CamelContext context = main.getCamelContext();
        if (context == null || !context.isStarted()) {
            throw new ConfigurationException("Camel did not start; see the log above");
        }
        return context;
    }

    private static String startFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
            if (String.valueOf(t.getMessage()).contains("connectionFactory must be specified")) {
                return BrokerSettings.needed("a jms: endpoint");
            }
            if (t instanceof org.apache.camel.ResolveEndpointFailedException
                    || t instanceof org.apache.camel.NoSuchEndpointException) {
                return "invalid sink URI (--sink / fetch.sink-uri): " + SecretRedactor.redact(t.getMessage())
                       + "; use a Camel endpoint such as file:reports or seda:results";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "could not start: " + SecretRedactor.redact(String.valueOf(root.getMessage()));
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FetchCommand.class.getPackage().getImplementationVersion();
            return new String[] { "url-fetcher " + (version == null ? "(development build)" : version)
                                  + ", Apache Camel " + org.apache.camel.impl.DefaultCamelContext.class.getPackage()
                                          .getImplementationVersion()
                                  + ", Java " + Runtime.version() };
        }
    }
}
