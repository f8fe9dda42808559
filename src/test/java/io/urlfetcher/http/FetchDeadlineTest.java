package io.urlfetcher.http;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.demo.LocalServerExtension;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fetch.timeout} is a hard deadline: a server that keeps sending a byte now and then cannot hold a URL. */
@CamelMainTest(configurationClasses = FetchConfiguration.class, properties = { "fetch.timeout=1s" })
@Timeout(30)
class FetchDeadlineTest {

    @BeanInject
    ProducerTemplate template;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void aDrippingBodyIsCutAtTheDeadline() {
        // One byte every 200 ms: never idle long enough for a socket timeout, 200 s for the whole body.
        String list = server.uri("/drip/200") + "\n" + server.uri("/delay/3000") + "\n" + server.uri("/bytes/5");

        BatchReport report = template.requestBody("direct:fetch-parallel", list, BatchReport.class);

        assertThat(report.results()).extracting(FetchResult::outcome)
                .containsExactly(Outcome.TIMEOUT, Outcome.TIMEOUT, Outcome.OK);
        FetchResult drip = report.results().get(0);
        assertThat(drip.status()).as("the headers arrived; the body did not").isEqualTo(200);
        assertThat(drip.bytes()).as("dripped bytes are not reported as read").isZero();
        assertThat(drip.error()).startsWith("timeout: no complete response within the 1000 ms");
    }
}
