package io.urlfetcher.flow;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.batch.BatchRunner;
import io.urlfetcher.batch.CompareBatchRun;
import io.urlfetcher.batch.LocalBatchRun;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.distributed.BrokerSettings;
import io.urlfetcher.distributed.DistributedBatchRun;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BatchRunner#forMode} is the one place a mode picks its run; what each run needs follows from the run. */
class BatchRunTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void closeContext() throws Exception {
        context.close();
    }

    private BatchRun forMode(String mode, String... more) {
        Map<String, String> properties = new HashMap<>(Map.of("fetch.mode", mode));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return BatchRunner.forMode(context, FetchSettings.from(key -> Optional.ofNullable(properties.get(key))));
    }

    @Test
    void eachModeHasItsRun() {
        assertThat(forMode("sequential")).isInstanceOf(LocalBatchRun.class);
        assertThat(forMode("parallel")).isInstanceOf(LocalBatchRun.class);
        assertThat(forMode("compare")).isInstanceOf(CompareBatchRun.class);
        assertThat(forMode("distributed")).isInstanceOf(DistributedBatchRun.class);
    }

    @Test
    void onlyARunFetchedHereHandlesTheStopSignals() {
        assertThat(forMode("sequential").fetchesHere()).isTrue();
        assertThat(forMode("parallel").fetchesHere()).isTrue();
        assertThat(forMode("compare").fetchesHere()).isTrue();
        assertThat(forMode("distributed").fetchesHere()).isFalse();
    }

    @Test
    void compareAndDistributedReadTheListTwice() {
        assertThat(forMode("sequential").readsListTwice()).isFalse();
        assertThat(forMode("parallel").readsListTwice()).isFalse();
        assertThat(forMode("compare").readsListTwice()).isTrue();
        assertThat(forMode("distributed").readsListTwice()).isTrue();
    }

    @Test
    void aDistributedRunNeedsABrokerALocalOneDoesNot() {
        forMode("parallel").requireReady();
        assertThatThrownBy(() -> forMode("distributed").requireReady())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(BrokerSettings.needed("a distributed batch"));
    }
}
