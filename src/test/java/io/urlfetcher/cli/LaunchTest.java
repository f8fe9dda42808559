package io.urlfetcher.cli;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;
import io.urlfetcher.config.BrokerConfiguration;
import io.urlfetcher.config.DistributedConfiguration;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.config.RouteFile;
import io.urlfetcher.config.WatchConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a command starts is decided once, from its settings parsed once: the route files, the hang-up hook, the state. */
class LaunchTest {

    private static Map<String, String> options(String... pairs) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            options.put(pairs[i], pairs[i + 1]);
        }
        return options;
    }

    @Test
    void onlyADistributedBatchLoadsTheDistributedRoutesAndKeepsCamelsHangupHook() {
        for (String mode : new String[] { "sequential", "parallel", "compare" }) {
            Launch local = Launch.batch(options("fetch.mode", mode));
            assertThat(local.routeFiles()).as(mode).isEmpty();
            assertThat(local.hangupSupport()).as(mode).isFalse();
        }
        Launch distributed = Launch.batch(options("fetch.mode", " Distributed "));
        assertThat(distributed.settings().run().mode()).isEqualTo(FetchMode.DISTRIBUTED);
        assertThat(distributed.routeFiles()).containsExactly(RouteFile.DISTRIBUTED);
        assertThat(distributed.hangupSupport()).as("a distributed batch handles the signals itself").isFalse();
        assertThat(CamelOverrides.of(distributed).get(FetchConfiguration.ROUTES_PATTERN))
                .isEqualTo("classpath:routes/fetch-batch.yaml," + FetchConfiguration.DISTRIBUTED_ROUTES);
        assertThat(CamelOverrides.of(Launch.batch(options()))).doesNotContainKey(FetchConfiguration.ROUTES_PATTERN);
    }

    @Test
    void eachServiceLoadsItsRoutesAndTheirConfiguration(@TempDir Path inbox) {
        Launch worker = Launch.worker(options());
        Launch watch = Launch.watch(options("fetch.watch", inbox.toString()));

        assertThat(worker.routeFiles()).containsExactly(RouteFile.DISTRIBUTED);
        assertThat(watch.routeFiles()).containsExactly(RouteFile.WATCH);
        assertThat(FetchConfiguration.configurationsFor(worker.routeFiles())).containsExactly(FetchConfiguration.class,
                BrokerConfiguration.class, DistributedConfiguration.class);
        assertThat(FetchConfiguration.configurationsFor(watch.routeFiles())).containsExactly(FetchConfiguration.class,
                BrokerConfiguration.class, WatchConfiguration.class);
        assertThat(worker.hangupSupport()).isTrue();
        assertThat(watch.hangupSupport()).isTrue();
    }

    @Test
    void anEmbeddingHostsPatternNamesTheSameConfigurations() {
        assertThat(FetchConfiguration.configurationsFor("classpath:routes/fetch-batch.yaml," + FetchConfiguration.WATCH_ROUTES))
                .containsExactly(FetchConfiguration.class, BrokerConfiguration.class, WatchConfiguration.class);
        assertThat(FetchConfiguration.configurationsFor((String) null))
                .containsExactly(FetchConfiguration.class, BrokerConfiguration.class);
    }

    @Test
    void aServiceGetsTheManagementServerOnlyWithAPort() {
        assertThat(CamelOverrides.of(Launch.worker(options("fetch.http-port", "9876"))))
                .containsEntry("camel.management.port", "9876").containsEntry("camel.metrics.enabled", "true");
        assertThat(CamelOverrides.of(Launch.worker(options()))).doesNotContainKey("camel.management.port");
        assertThat(CamelOverrides.of(Launch.batch(options("fetch.http-port", "9876"))))
                .doesNotContainKey("camel.management.port");
    }

    @Test
    void theStateIsCheckedWhenTheSettingsAreParsed() {
        assertThat(Launch.batch(options("fetch.state", "s", "fetch.mode", "sequential")).settings().run().state())
                .isEqualTo("s");
        assertThatThrownBy(() -> Launch.batch(options("fetch.state", "s", "fetch.mode", "compare")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--state works with --mode sequential or parallel, not compare");
        assertThatThrownBy(() -> Launch.batch(options("fetch.state", "s", "fetch.mode", "distributed")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--state works with --mode sequential or parallel, not distributed");
        assertThatThrownBy(() -> Launch.worker(options("fetch.state", "s")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--state is for one batch run (--urls FILE), not for a worker");
        assertThatThrownBy(() -> Launch.watch(options("fetch.state", "s")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--state is for one batch run (--urls FILE), not for --watch");
    }

    @Test
    void anInvalidModeIsReportedBeforeTheState() {
        assertThatThrownBy(() -> Launch.batch(options("fetch.state", "s", "fetch.mode", "fast")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("invalid fetch.mode = 'fast'");
    }

    @Test
    void roundsLoadTheTimerRouteHandleTheSignalsHereAndGiveTheTimerMilliseconds() {
        Launch rounds = Launch.batch(options("fetch.urls", "urls.txt", "fetch.every", "2M", "fetch.rounds", "3"));

        assertThat(rounds.routeFiles()).containsExactly(RouteFile.ROUNDS);
        assertThat(rounds.hangupSupport()).as("a signal ends the round under way as it ends a batch").isFalse();
        assertThat(FetchConfiguration.configurationsFor(rounds.routeFiles()))
                .containsExactly(FetchConfiguration.class, BrokerConfiguration.class);
        assertThat(CamelOverrides.of(rounds)).containsEntry(Launch.ROUNDS_PERIOD_MILLIS, "120000")
                .containsEntry(FetchConfiguration.ROUTES_PATTERN, "classpath:routes/fetch-batch.yaml,"
                        + FetchConfiguration.ROUNDS_ROUTES);
    }

    @Test
    void roundsNeedAListFileFetchedHereAndNoState(@TempDir Path inbox) {
        assertThatThrownBy(() -> Launch.batch(options("fetch.urls", "urls.txt", "fetch.rounds", "3")))
                .isInstanceOf(ConfigurationException.class).hasMessage("--rounds counts the rounds of --every; give --every too");
        assertThatThrownBy(() -> Launch.batch(options("fetch.urls", "-", "fetch.every", "1m")))
                .hasMessage("--every reads the list again each round: give it as a file, --urls FILE");
        assertThatThrownBy(() -> Launch.batch(options("fetch.demo", "true", "fetch.every", "1m")))
                .hasMessage("--every reads the list again each round: give it as a file, --urls FILE");
        assertThatThrownBy(() -> Launch.batch(options("fetch.urls", "u.txt", "fetch.every", "1m", "fetch.mode", "distributed")))
                .hasMessage("--every repeats a batch fetched in this process, not --mode distributed");
        assertThatThrownBy(() -> Launch.batch(options("fetch.urls", "u.txt", "fetch.every", "1m", "fetch.state", "s")))
                .hasMessageStartingWith("--state is for one batch run (--urls FILE), not for --every");
        assertThatThrownBy(() -> Launch.watch(options("fetch.watch", inbox.toString(), "fetch.every", "1m")))
                .hasMessage("--every repeats the list of --urls, not --watch; leave it out");
        assertThatThrownBy(() -> Launch.batch(options("fetch.urls", "u.txt", "fetch.every", "0s")))
                .hasMessageStartingWith("invalid fetch.every = '0s'");
    }
}
