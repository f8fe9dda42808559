package io.urlfetcher;

import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.config.FetchConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Embedding as a Java host does it: a plain {@link DefaultCamelContext} (no camel-main, no
 * application.properties), {@link FetchConfiguration#bind}, and a route of its own that calls the
 * {@code url-fetch-action} Kamelet from the jar, driven by a {@link ProducerTemplate}.
 */
@Timeout(60)
class KameletEmbeddingTest {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private DefaultCamelContext host;
    private ProducerTemplate producer;

    @BeforeEach
    void startHost() throws Exception {
        host = new DefaultCamelContext();
        // Embedded, the SSRF guard is on; the host lets its own test server through.
        host.getPropertiesComponent().addInitialProperty("fetch.allow-private", "127.0.0.1:" + server.port());
        FetchConfiguration.bind(host);
        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:check-prices").to("kamelet:url-fetch-action?concurrency=4");
                from("direct:check-prices-json").to("kamelet:url-fetch-action?concurrency=1&output=json");
                from("direct:check-one-host-politely").to("kamelet:url-fetch-action?concurrency=4&perHost=1");
                from("direct:check-prices-jsonl").to("kamelet:url-fetch-action?concurrency=4&results=spool&output=jsonl");
            }
        });
        host.start();
        producer = host.createProducerTemplate();
    }

    @AfterEach
    void stopHost() throws Exception {
        host.close();
    }

    @Test
    void theRequestsGoThroughTheUrlFetcherHttpComponentAndTheHostsHttpIsUntouched() {
        BatchReport report = producer.requestBody("direct:check-prices", server.url("/bytes/5"), BatchReport.class);

        assertThat(report.results()).extracting(FetchResult::outcome).containsExactly(Outcome.OK);
        assertThat(host.hasComponent(io.urlfetcher.http.FetchHttpComponent.SCHEME))
                .isInstanceOf(io.urlfetcher.http.FetchHttpComponent.class);
        assertThat(host.getEndpoints()).extracting(org.apache.camel.Endpoint::getEndpointUri)
                .anyMatch(uri -> uri.startsWith("url-fetcher-http://url-fetcher.invalid"))
                .noneMatch(uri -> uri.startsWith("http:"));
        assertThat(host.hasComponent("http")).as("the host's own http component").isNull();
    }

    @Test
    void aHostWithoutOneSharedBeanGetsOneErrorNamingItWhenTheRouteStarts() throws Exception {
        try (DefaultCamelContext bare = new DefaultCamelContext()) {
            FetchConfiguration.bind(bare);
            bare.getRegistry().unbind("fetchPools");
            bare.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:check-prices").to("kamelet:url-fetch-action?concurrency=4");
                }
            });

            assertThatThrownBy(bare::start).rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("the Kamelet url-fetch-action needs the shared bean fetchPools (")
                    .hasMessageNotContaining("fetchSettings")
                    .hasMessageContaining("FetchConfiguration");
        }
    }

    @Test
    void aTextListGivesTheReportObject() {
        org.apache.camel.Exchange reply = producer.request("direct:check-prices", exchange -> {
            exchange.getMessage().setHeader("orderId", "A-17");
            exchange.getMessage().setBody(server.url("/bytes/5") + "\n# a comment\n" + server.url("/status/404") + "\nnot a url\n");
        });
        BatchReport report = reply.getMessage().getBody(BatchReport.class);

        assertThat(reply.getMessage().getHeader("orderId")).as("the caller's headers come back").isEqualTo("A-17");
        assertThat(report.mode()).isEqualTo(FetchMode.PARALLEL);
        assertThat(report.concurrency()).isEqualTo(4);
        assertThat(report.results()).extracting(FetchResult::line, FetchResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, Outcome.OK), org.assertj.core.groups.Tuple.tuple(3, Outcome.HTTP_ERROR),
                org.assertj.core.groups.Tuple.tuple(4, Outcome.INVALID_URL));
        assertThat(report.results().get(0).bytes()).isEqualTo(5);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void thePerHostParameterLimitsOneCallWithoutTouchingOthers() {
        String list = IntStream.range(0, 6).mapToObj(i -> server.url("/delay/100?i=" + i)).collect(Collectors.joining("\n"));

        BatchReport polite = producer.requestBody("direct:check-one-host-politely", list, BatchReport.class);
        int politePeak = server.peakInFlight();
        BatchReport eager = producer.requestBody("direct:check-prices", list, BatchReport.class);

        assertThat(polite.outcomes().get(Outcome.OK)).isEqualTo(6);
        assertThat(eager.outcomes().get(Outcome.OK)).isEqualTo(6);
        assertThat(politePeak).as("perHost=1").isEqualTo(1);
        assertThat(server.peakInFlight()).as("the other route's concurrency=4").isEqualTo(4);
    }

    @Test
    void aJsonArrayOfUrlsGivesTheReportAsJsonText() throws Exception {
        String body = new ObjectMapper().writeValueAsString(List.of(server.url("/bytes/1"), server.url("/bytes/2"), "ftp://x/"));

        String json = producer.requestBody("direct:check-prices-json", body, String.class);

        JsonNode report = new ObjectMapper().readTree(json);
        assertThat(report.get("mode").asText()).isEqualTo("sequential");
        assertThat(report.get("urls").asInt()).isEqualTo(3);
        assertThat(report.get("results").get(1).get("bytes").asInt()).isEqualTo(2);
        assertThat(report.get("results").get(2).get("line").asInt()).isEqualTo(3);
        assertThat(report.get("results").get(2).get("outcome").asText()).isEqualTo("unsupported_scheme");
    }

    @Test
    void jsonLinesStreamOneResultPerLineThenTheSummary() throws Exception {
        InputStream stream = producer.requestBody("direct:check-prices-jsonl",
                server.url("/bytes/1") + "\n" + server.url("/bytes/2") + "\n" + server.url("/bytes/3") + "\n", InputStream.class);

        List<String> lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            lines = reader.lines().toList();
        }
        assertThat(lines).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        assertThat(lines.subList(0, 3)).allSatisfy(line -> assertThat(json.readTree(line).get("outcome").asText()).isEqualTo("ok"));
        assertThat(json.readTree(lines.get(3)).get("summary").get("urls").asInt()).isEqualTo(3);
    }
}
