package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.cli.demo.LocalServerExtension;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** fetch.rate: requests started per second, over all hosts. */
@Timeout(60)
@CamelMainTest(configurationClasses = FetchConfiguration.class,
               properties = { "fetch.concurrency=10", "fetch.rate=4" })
class RateLimitTest {

    @BeanInject
    ProducerTemplate template;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void noSecondStartsMoreThanTheRate() {
        BatchReport report = template.requestBody("direct:fetch-parallel",
                server.urlList("127.0.0.1", 9, "/bytes/1"), BatchReport.class);

        List<Long> starts = report.results().stream().map(FetchResult::startMillis).sorted().toList();
        assertThat(starts).hasSize(9);
        for (int i = 4; i < starts.size(); i++) {
            // The 5th start comes a period after the 1st. A start is stamped when its thread runs after the throttle let it
            // go, which on a busy 2-core machine was seen up to 73 ms late (docs/TESTING.md): 250 ms of margin. Without
            // the throttle all nine would start within a few ms.
            assertThat(starts.get(i) - starts.get(i - 4)).as("starts %s", starts).isGreaterThanOrEqualTo(750);
        }
        assertThat(starts.get(8) - starts.get(0)).as("two periods for nine starts at four a second, starts %s", starts)
                .isGreaterThanOrEqualTo(1750);
    }
}
