package io.urlfetcher.flow.result;

import io.urlfetcher.BatchReport;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchCall;
import io.urlfetcher.core.FetchProgress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A local run's report and a distributed one come from the same builder: the same summary of the same results. */
class BatchReportBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context = new DefaultCamelContext();
    private final BatchReportBuilder builder = new BatchReportBuilder("platform", new FetchProgress(), true);

    @AfterEach
    void closeContext() throws Exception {
        context.close();
    }

    private static InMemoryResults results() {
        InMemoryResults results = new InMemoryResults();
        results.add(new FetchResult(1, 2, "http://127.0.0.1/b", Outcome.HTTP_ERROR, 503, 40, 5, 10, "text/plain", 1, 0,
                null, "t1", "HTTP 503"));
        results.add(new FetchResult(0, 1, "http://127.0.0.1/a", Outcome.OK, 200, 25, 0, 3, "text/plain", 1, 0, null,
                "t2", null));
        results.add(FetchResult.unfetched(2, 3, "ftp://127.0.0.1/c", Outcome.UNSUPPORTED_SCHEME, "ftp", null));
        return results;
    }

    private BatchReport local() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ExchangeProperties.CALL, new FetchCall(8, -1, -1, -1, "", "lines"));
        builder.start(exchange);
        exchange.getMessage().setBody(results());
        return builder.build(exchange);
    }

    @Test
    void aDistributedReportHasTheSameFieldsAsALocalOneSaveHowItRan() throws Exception {
        BatchReport local = local();
        BatchReport distributed = builder.distributed(local.startedAt(), 1_000_000, results().finish(), 2);

        ObjectNode localJson = JSON.valueToTree(local);
        ObjectNode distributedJson = JSON.valueToTree(distributed);
        List<String> howItRan = List.of("mode", "concurrency", "threads", "workers", "insecure", "totalMillis");
        localJson.remove(howItRan);
        distributedJson.remove(howItRan);
        assertThat(distributedJson).isEqualTo(localJson);
        assertThat(distributedJson.get("urls").asInt()).isEqualTo(3);
        assertThat(distributedJson.get("results").get(0).get("url").asText()).isEqualTo("http://127.0.0.1/a");
        assertThat(distributed.failures()).isEqualTo(local.failures()).isEqualTo(2);
    }

    @Test
    void aDistributedReportSaysHowManyWorkersAndNothingOfThisProcess() {
        BatchReport report = builder.distributed("2026-12-02T06:00:00Z", 2_500_000_000L, results().finish(), 2);

        JsonNode json = JSON.valueToTree(report);
        assertThat(json.get("mode").asText()).isEqualTo("distributed");
        assertThat(json.get("workers").asInt()).isEqualTo(2);
        assertThat(json.get("totalMillis").asLong()).isEqualTo(2500);
        assertThat(json.get("concurrency").asInt()).isZero();
        assertThat(json.has("threads")).isFalse();
        assertThat(json.has("insecure")).as("the workers' TLS setting applies, not this process's").isFalse();
    }

    @Test
    void aLocalReportSaysItsConcurrencyAndThreads() throws Exception {
        JsonNode json = JSON.valueToTree(local());

        assertThat(json.get("mode").asText()).isEqualTo("parallel");
        assertThat(json.get("concurrency").asInt()).isEqualTo(8);
        assertThat(json.get("threads").asText()).isEqualTo("platform");
        assertThat(json.get("insecure").asBoolean()).isTrue();
        assertThat(json.has("workers")).isFalse();
    }
}
