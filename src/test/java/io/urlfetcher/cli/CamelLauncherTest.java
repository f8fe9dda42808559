package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.config.FetchSettings;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher starts and stops Camel; a failure to start says what to fix, and the commands exit with 2 for it. */
@Timeout(60)
class CamelLauncherTest {

    @TempDir
    Path dir;

    private Map<String, String> overrides(String... pairs) {
        Map<String, String> overrides = new HashMap<>(Map.of("fetch.sink-uri", "file:" + dir.resolve("reports")));
        for (int i = 0; i < pairs.length; i += 2) {
            overrides.put(pairs[i], pairs[i + 1]);
        }
        return overrides;
    }

    @Test
    void startsTheFlowAndStopsItOnClose() {
        CamelContext context;
        try (CamelLauncher launcher = new CamelLauncher(name -> null)) {
            context = launcher.start(Launch.batch(overrides()));
            assertThat(context.isStarted()).isTrue();
            assertThat(context.getRoute("fetch-parallel")).isNotNull();
            assertThat(context.getRegistry().lookupByNameAndType("fetchSettings", FetchSettings.class)).isNotNull();
        }
        assertThat(context.isStopped()).isTrue();
    }

    @Test
    void aBadSinkUriIsAConfigurationErrorThatNamesTheSetting() {
        try (CamelLauncher launcher = new CamelLauncher(name -> null)) {
            assertThatThrownBy(() -> launcher.start(Launch.batch(overrides("fetch.sink-uri", "nosuchcomponent:anywhere"))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("invalid sink URI (--sink / fetch.sink-uri)")
                    .hasMessageContaining("nosuchcomponent")
                    .hasMessageEndingWith("use a Camel endpoint such as file:reports or seda:results");
        }
    }

    @Test
    void aBadSettingIsReportedWithItsOwnMessage() {
        try (CamelLauncher launcher = new CamelLauncher(name -> null)) {
            assertThatThrownBy(() -> launcher.start(Launch.batch(overrides("fetch.concurrency", "many"))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("invalid fetch.concurrency = 'many': expected a whole number");
        }
    }

    @Test
    void anyOtherStartFailureNamesItsRootCauseWithoutSecrets() {
        Exception failure = new IllegalStateException("route failed",
                new RuntimeException("wrapped", new IllegalArgumentException("no such host: http://user:hunter2@h/")));

        assertThat(CamelLauncher.startFailure(failure)).startsWith("could not start: no such host").doesNotContain("hunter2");
        assertThat(CamelLauncher.startFailure(new RuntimeException(new ResolveEndpointFailedException("bad:x", "why"))))
                .startsWith("invalid sink URI");
    }

    @Test
    void eachCommandWithAReportExitsWithTheUsageCodeForABadSinkUri() {
        CommandRunner.Run batch = CommandRunner.run("--urls", "-", "--sink", "nosuchcomponent:anywhere", "--quiet");
        // A broker nobody listens on: Camel fails to start before anything connects to it.
        String broker = "tcp://127.0.0.1:1";
        CommandRunner.Run submit = CommandRunner.run("submit", "--broker", broker, "--urls", "-", "--sink",
                "nosuchcomponent:anywhere", "--quiet");

        for (CommandRunner.Run run : new CommandRunner.Run[] { batch, submit }) {
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.lastErrorLine()).startsWith("url-fetcher: invalid sink URI (--sink / fetch.sink-uri)");
        }
        // A worker writes no report: --sink is not one of its options.
        CommandRunner.Run worker = CommandRunner.run("worker", "--broker", broker, "--sink", "nosuchcomponent:anywhere");
        assertThat(worker.exitCode()).as(worker.stderr()).isEqualTo(ExitCodes.USAGE);
        assertThat(worker.stderr()).contains("Unknown option", "'--sink'");
    }
}
