package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kamelet's hostFailures parameter, in a host that embeds it with the default settings. */
@Timeout(60)
class HostBreakerKameletTest {

    private DefaultCamelContext host;
    private ProducerTemplate producer;
    private int refused;

    @BeforeEach
    void startHost() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = socket.getLocalPort(); // nothing listens there once it is closed
        }
        host = new DefaultCamelContext();
        host.getPropertiesComponent().addInitialProperty("fetch.allow-private", "127.0.0.1:" + refused);
        FetchConfiguration.bind(host);
        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String sequential = "kamelet:url-fetch-action?concurrency=1";
                from("direct:default").to(sequential);
                from("direct:two").to(sequential + "&hostFailures=2");
                from("direct:off").to(sequential + "&hostFailures=0");
            }
        });
        host.start();
        producer = host.createProducerTemplate();
    }

    @AfterEach
    void stopHost() throws Exception {
        host.close();
    }

    private java.util.List<Outcome> outcomes(String route, int urls) {
        String list = IntStream.range(0, urls).mapToObj(i -> "http://127.0.0.1:" + refused + "/" + i)
                .collect(Collectors.joining("\n"));
        return producer.requestBody(route, list, BatchReport.class).results().stream().map(FetchResult::outcome).toList();
    }

    @Test
    void anEmbeddingHostGetsFiveFailuresInARowByDefault() {
        assertThat(outcomes("direct:default", 8)).containsExactly(Outcome.CONNECTION_REFUSED, Outcome.CONNECTION_REFUSED,
                Outcome.CONNECTION_REFUSED, Outcome.CONNECTION_REFUSED, Outcome.CONNECTION_REFUSED,
                Outcome.HOST_UNAVAILABLE, Outcome.HOST_UNAVAILABLE, Outcome.HOST_UNAVAILABLE);
    }

    @Test
    void aCallMayAskForItsOwnCountOrNone() {
        assertThat(outcomes("direct:two", 4)).containsExactly(Outcome.CONNECTION_REFUSED, Outcome.CONNECTION_REFUSED,
                Outcome.HOST_UNAVAILABLE, Outcome.HOST_UNAVAILABLE);
        assertThat(outcomes("direct:off", 7)).containsOnly(Outcome.CONNECTION_REFUSED).hasSize(7);
        assertThat(outcomes("direct:two", 1)).as("the breaker of the first call is still open")
                .containsExactly(Outcome.HOST_UNAVAILABLE);
    }
}
