package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.demo.LocalServerExtension;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** fetch.per-host, as the server sees it: a cap per host:port, not per server. */
@Timeout(60)
@CamelMainTest(configurationClasses = FetchConfiguration.class,
               properties = { "fetch.concurrency=8", "fetch.per-host=2" })
class PerHostLimitTest {

    @BeanInject
    ProducerTemplate template;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void oneHostNeverSeesMoreThanItsShare() {
        BatchReport report = template.requestBody("direct:fetch-parallel",
                server.urlList("127.0.0.1", 10, "/delay/200"), BatchReport.class);

        assertThat(report.outcomes()).containsEntry(Outcome.OK, 10L);
        assertThat(server.peakInFlight()).isEqualTo(2);
    }

    @Test
    void eachHostGetsItsOwnShare() {
        // Two host names for the same server: two keys, so up to 2 + 2 in flight.
        String list = server.urlList("127.0.0.1", 8, "/delay/300") + "\n" + server.urlList("localhost", 8, "/delay/300");

        BatchReport report = template.requestBody("direct:fetch-parallel", list, BatchReport.class);

        assertThat(report.outcomes()).containsEntry(Outcome.OK, 16L);
        assertThat(server.peakInFlight()).isEqualTo(4);
    }
}
