package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.distributed.BrokerSettings;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.http.Sha256Digests;
import io.urlfetcher.http.TlsFiles;
import io.urlfetcher.http.TlsSettings;

import org.apache.camel.CamelContext;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;

import java.util.function.Function;

/**
 * Starts and stops Camel Main for the command line: the flow's configuration class, the run's override properties,
 * Camel's hang-up hook on or off. A failure to start is a {@link ConfigurationException} whose message says what to
 * fix (exit code {@link ExitCodes#USAGE}).
 */
final class CamelLauncher implements AutoCloseable {

    private final Main main = new Main();
    private final Function<String, String> environment;

    /** @param environment reads the proxy environment variables */
    CamelLauncher(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Binds a bean made for this run, before {@link #start}: its route looks it up when it is created. */
    void bind(String name, Object bean) {
        main.bind(name, bean);
    }

    /** Starts what the launch decided: its route files and their configurations, its settings, its hang-up hook. */
    CamelContext start(Launch launch) {
        if (!launch.hangupSupport() && main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy hangup) {
            // Installed by start(); it would only wait for a Camel context nobody stops during a batch.
            hangup.disableHangupSupport();
        }
        // A bad certificate file would fail the start of Camel's routes, which logs it with its stack trace: before.
        TlsSettings tls = launch.settings().http().tls();
        TlsFiles.check(tls.cacert(), tls.cert(), tls.key());
        // The flow's beans, and the watch or distributed routes' own only when those routes are loaded.
        Sha256Digests.allowNss(); // this JVM is ours: bodies may be hashed by NSS (loaded only if they are hashed)
        FetchConfiguration.configurationsFor(launch.routeFiles()).forEach(main.configure()::addConfiguration);
        main.bind(FetchConfiguration.ENVIRONMENT, environment);
        main.bind(BeanNames.SETTINGS, launch.settings()); // parsed once: FetchConfiguration binds the beans from these
        CamelOverrides.of(launch).forEach(main::addOverrideProperty);
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

    /** Blocks until Camel Main's hang-up hook was told to stop (Ctrl-C, SIGTERM). */
    void awaitShutdownRequest() throws InterruptedException {
        main.getShutdownStrategy().await();
    }

    /** Stops Camel; again is harmless. */
    @Override
    public void close() {
        main.stop();
    }

    /** What to fix, from the exception Camel Main's start threw. */
    static String startFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
            if (String.valueOf(t.getMessage()).contains("connectionFactory must be specified")) {
                return BrokerSettings.needed("a jms: endpoint");
            }
            if (t instanceof ResolveEndpointFailedException || t instanceof NoSuchEndpointException) {
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
}
