package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.ConfigurationException;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchMode;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.cli.ExitCodes;
import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.cli.demo.LocalTargetServer;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code concurrency} is the one knob of a run, as the server sees it: a Kamelet call or the command line with
 * {@code concurrency=50} has exactly 50 requests in flight at its peak, never more; 1 is one at a time, in input order;
 * a call above {@code fetch.max-concurrency} is refused, never capped.
 */
@Timeout(120)
class ConcurrencyTest {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @TempDir
    Path dir;

    private DefaultCamelContext host;

    @AfterEach
    void stopHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    /** A plain embedding host (no application.properties) whose route calls the Kamelet with these parameters. */
    private ProducerTemplate host(Map<String, String> properties, String kameletParameters) throws Exception {
        host = new DefaultCamelContext();
        host.getPropertiesComponent().addInitialProperty("fetch.allow-private", "127.0.0.1:" + server.port());
        properties.forEach(host.getPropertiesComponent()::addInitialProperty);
        FetchConfiguration.bind(host);
        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fetch").to("kamelet:url-fetch-action" + kameletParameters);
            }
        });
        host.start();
        return host.createProducerTemplate();
    }

    @Test
    void aKameletCallWithConcurrency50HasExactly50InFlight() throws Exception {
        BatchReport report = host(Map.of(), "?concurrency=50")
                .requestBody("direct:fetch", server.urlList("127.0.0.1", 200, "/delay/200"), BatchReport.class);

        assertThat(report.outcomes()).containsEntry(Outcome.OK, 200L);
        assertThat(server.peakInFlight()).as("above the default fetch.concurrency, below the ceiling").isEqualTo(50);
        assertThat(report.concurrency()).isEqualTo(50);
        assertThat(report.mode()).isEqualTo(FetchMode.PARALLEL);
    }

    @Test
    void concurrencyOneIsOneAtATimeInInputOrder() throws Exception {
        List<String> urls = IntStream.range(0, 12).mapToObj(i -> server.url("/delay/20?" + i)).toList();

        BatchReport report = host(Map.of(), "?concurrency=1")
                .requestBody("direct:fetch", String.join("\n", urls), BatchReport.class);

        assertThat(report.outcomes()).containsEntry(Outcome.OK, 12L);
        assertThat(server.peakInFlight()).isEqualTo(1);
        assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query)
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(String::valueOf).toList());
        assertThat(report.mode()).isEqualTo(FetchMode.SEQUENTIAL);
        assertThat(report.concurrency()).isEqualTo(1);
    }

    @Test
    void withoutTheParameterACallTakesTheFetchConcurrencySetting() throws Exception {
        BatchReport report = host(Map.of("fetch.concurrency", "7"), "")
                .requestBody("direct:fetch", server.urlList("127.0.0.1", 30, "/delay/300"), BatchReport.class);

        assertThat(server.peakInFlight()).isEqualTo(7);
        assertThat(report.concurrency()).isEqualTo(7);
    }

    @Test
    void withoutParameterOrSettingACallTakesTheDefaultOfFetchSettings() throws Exception {
        int defaultConcurrency = FetchSettings.from(key -> java.util.Optional.empty()).run().concurrency();

        BatchReport report = host(Map.of(), "")
                .requestBody("direct:fetch", server.urlList("127.0.0.1", defaultConcurrency + 10, "/delay/300"),
                        BatchReport.class);

        assertThat(server.peakInFlight()).isEqualTo(defaultConcurrency);
        assertThat(report.concurrency()).isEqualTo(defaultConcurrency);
    }

    @Test
    void callsWithTheSameConcurrencyShareOnePool() throws Exception {
        host = new DefaultCamelContext();
        FetchConfiguration.bind(host);
        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").to("kamelet:url-fetch-action?concurrency=5");
                from("direct:b").to("kamelet:url-fetch-action?concurrency=5&output=json");
                from("direct:c").to("kamelet:url-fetch-action?concurrency=1");
            }
        });
        host.start();

        assertThat(host.getRegistry().lookupByNameAndType(FetchPools.BEAN, FetchPools.class).poolCount()).isEqualTo(2);
    }

    @Test
    void aKameletCallAboveTheCeilingIsRefusedWithBothNumbers() {
        assertThatThrownBy(() -> host(Map.of("fetch.max-concurrency", "40"), "?concurrency=50"))
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("concurrency 50 is above fetch.max-concurrency 40")
                .hasMessageContaining("raise fetch.max-concurrency (--max-concurrency)");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void theCommandLineWithConcurrency50HasExactly50InFlight() throws Exception {
        Path urls = server.urlList(dir, 200, "/delay/200");

        CommandRunner.Reported run = CommandRunner.runWithReport(dir, "--urls", urls.toString(), "--mode", "parallel",
                "--concurrency", "50");

        assertThat(run.run().exitCode()).as(run.run().stderr()).isZero();
        assertThat(server.peakInFlight()).isEqualTo(50);
        assertThat(run.report().get("concurrency").asInt()).isEqualTo(50);
        assertThat(run.report().get("outcomes").get("ok").asInt()).isEqualTo(200);
    }

    @Test
    void theCommandLineAboveTheCeilingIsAUsageError() throws Exception {
        Path urls = server.urlList(dir, 3, "/bytes/1");

        CommandRunner.Run run = CommandRunner.run("--urls", urls.toString(), "--concurrency", "50",
                "--max-concurrency", "40");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.lastErrorLine()).contains("invalid --concurrency '50'")
                .contains("above fetch.max-concurrency 40").contains("--max-concurrency");
        assertThat(server.requestCount()).isZero();
    }
}
