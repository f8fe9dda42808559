package io.urlfetcher.config;

import io.urlfetcher.distributed.ArtemisBroker;
import io.urlfetcher.distributed.BrokerSettings;
import io.urlfetcher.distributed.JmsConnection;


import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The broker of {@code fetch.broker-url}, when one is set: Camel's {@code jms} component connected to it (for
 * workers, submitters and {@code jms:} sinks), and, for {@code embedded}, Artemis started in this process. With no
 * fetch.broker-url it binds nothing and starts nothing.
 */
public class BrokerConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    /**
     * Connects once per context: a second call (the distributed configuration after this one) gets the same factory.
     *
     * @return the factory producers send through, or null when no broker is configured
     */
    public static ConnectionFactory bind(CamelContext context) {
        ConnectionFactory bound = context.getRegistry().lookupByNameAndType(JmsConnection.PRODUCER_FACTORY,
                ConnectionFactory.class);
        if (bound != null) {
            return bound;
        }
        FetchSettings settings = FetchConfiguration.settings(context);
        BrokerSettings broker = settings.broker();
        if (!broker.configured()) {
            return null;
        }
        if (broker.embedded()) {
            try {
                context.addService(new ArtemisBroker(broker), true, true);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded broker on 127.0.0.1:" + broker.port(), e);
            }
        }
        // Producers: one cached session per thread that sends at once (a worker's consumers, a run's fetch threads).
        ConnectionFactory producers = JmsConnection.configure(context, broker, settings.run().concurrency());
        context.getRegistry().bind(JmsConnection.PRODUCER_FACTORY, ConnectionFactory.class, producers);
        return producers;
    }
}
