package io.urlfetcher.report;

import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.config.FetchSettings;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.flow.BatchResult;
import io.urlfetcher.batch.BatchRunner;
import io.urlfetcher.flow.list.UrlListSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink is any Camel endpoint: here an in-process seda: queue that another route could consume. */
@CamelMainTest(configurationClasses = FetchConfiguration.class, properties = { "fetch.sink-uri=seda:results" })
@Timeout(30)
class ReportSinkTest {

    @BeanInject
    CamelContext context;

    @Test
    void theReportArrivesOnTheQueueAsJson() throws Exception {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            FetchSettings settings = context.getRegistry().lookupByNameAndType("fetchSettings", FetchSettings.class);
            BatchResult result = new BatchRunner(context, settings)
                    .run(UrlListSource.text(server.uri("/bytes/3") + "\nfile:///etc/hosts\n"));

            assertThat(result.writtenTo()).isEqualTo("seda:results");
            ConsumerTemplate consumer = context.createConsumerTemplate();
            Object received = consumer.receiveBody("seda:results", 10_000);
            assertThat(received).as("text, as a JMS sink needs for a TextMessage").isInstanceOf(String.class);
            String body = (String) received;
            JsonNode report = new ObjectMapper().readTree(body);
            assertThat(report.get("urls").asInt()).isEqualTo(2);
            assertThat(report.get("results").get(0).get("bytes").asInt()).isEqualTo(3);
            assertThat(report.get("results").get(1).get("outcome").asText()).isEqualTo("unsupported_scheme");
        }
    }
}
