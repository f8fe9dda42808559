package io.urlfetcher.distributed;

import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.config.DistributedConfiguration;
import io.urlfetcher.config.FetchConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker route inside a host application that already has a JMS connection factory: no fetch.broker-url,
 * no application.properties, only the routes and {@link FetchConfiguration#bind}.
 */
@Timeout(60)
class EmbeddedWorkerTest {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @TempDir
    Path dir;

    @Test
    void aHostsOwnConnectionFactoryCarriesJobsAndResults() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
             DefaultCamelContext host = new DefaultCamelContext()) {
            ActiveMQConnectionFactory hostFactory = new ActiveMQConnectionFactory(broker.url());
            host.getRegistry().bind("hostConnectionFactory", ConnectionFactory.class, hostFactory);
            // Embedded, the SSRF guard is on: the host lets its test server through, as it would an internal service.
            host.getPropertiesComponent().addInitialProperty("fetch.allow-private", "127.0.0.1:" + server.port());
            FetchConfiguration.bind(host);
            DistributedConfiguration.bind(host);
            for (String routes : new String[] { FetchConfiguration.DISTRIBUTED_ROUTES }) {
                PluginHelper.getRoutesLoader(host).loadRoutes(ResourceHelper.resolveMandatoryResource(host, routes));
            }
            host.start();
            host.getRouteController().startRoute("worker-jobs");

            try (JMSContext jms = broker.jms(); JMSConsumer results = jms.createConsumer(jms.createQueue("fetch.results"))) {
                TextMessage job = jms.createTextMessage(server.url("/bytes/7"));
                job.setStringProperty(JobHeaders.BATCH, "host-batch");
                job.setIntProperty(JobHeaders.INDEX, 4);
                job.setIntProperty(JobHeaders.LINE, 9);
                job.setLongProperty(JobHeaders.BATCH_START, System.currentTimeMillis());
                jms.createProducer().send(jms.createQueue("fetch.jobs"), job);

                Message reply = results.receive(30_000);
                assertThat(reply).as("a result arrived").isNotNull();
                assertThat(reply.getStringProperty(JobHeaders.BATCH)).isEqualTo("host-batch");
                JsonNode result = new ObjectMapper().readTree(reply.getBody(String.class));
                assertThat(result.get("index").asInt()).isEqualTo(4);
                assertThat(result.get("line").asInt()).isEqualTo(9);
                assertThat(result.get("outcome").asText()).isEqualTo("ok");
                assertThat(result.get("bytes").asInt()).isEqualTo(7);
            }
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }
}
