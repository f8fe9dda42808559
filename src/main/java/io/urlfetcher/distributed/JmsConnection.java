package io.urlfetcher.distributed;

import io.urlfetcher.core.BeanNames;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Connects Camel's {@code jms} component to the Artemis broker of {@code fetch.broker-url}. Consumers get
 * Artemis' own factory (Spring's listener container caches its connection itself); producers get a
 * caching one, so a send does not open a connection each time.
 */
public final class JmsConnection {

    /** Registry name of the listeners' connection factory. */
    public static final String LISTENER_FACTORY = "fetchJmsConnectionFactory";
    /** Registry name of the producers' (caching) connection factory. */
    public static final String PRODUCER_FACTORY = "fetchJmsProducerFactory";
    /** Registry name of the transaction policy the submitter sends each chunk of jobs in. */
    static final String SEND_TRANSACTION = BeanNames.JMS_SEND_TRANSACTION;

    private JmsConnection() {
    }

    /** @return the factory producers send through, for a transaction manager of the same factory */
    public static ConnectionFactory configure(CamelContext context, BrokerSettings broker, int sessions) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(broker.clientUrl());
        if (!broker.user().isEmpty()) {
            artemis.setUser(broker.user());
            artemis.setPassword(broker.password());
        }
        // No client-side prefetch: a worker takes a job only when it has a thread for it, so competing workers
        // share a batch evenly and a killed worker holds no queued jobs, only the ones it was fetching.
        artemis.setConsumerWindowSize(0);
        // Ride out a broker restart: reconnect for about a minute before giving up (Spring then keeps retrying).
        artemis.setReconnectAttempts(30);
        artemis.setRetryInterval(200);
        artemis.setRetryIntervalMultiplier(1.5);
        artemis.setMaxRetryInterval(2000);

        CachingConnectionFactory producers = new CachingConnectionFactory(artemis);
        producers.setSessionCacheSize(Math.max(1, sessions));

        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.getConfiguration().setListenerConnectionFactory(artemis);
        jms.getConfiguration().setTemplateConnectionFactory(producers);
        jms.getConfiguration().setConnectionFactory(producers);
        // A stream or file body (a response of --response-sink) goes out as an Artemis large message, read from the
        // stream in fragments, instead of being copied into one byte array first.
        jms.getConfiguration().setArtemisStreamingEnabled(true);
        context.getRegistry().bind(LISTENER_FACTORY, ConnectionFactory.class, artemis);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    producers.destroy();
                    artemis.close();
                }
            }, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the JMS connection with Camel", e);
        }
        return producers;
    }

    /** The broker's own max-delivery-attempts of the jobs queue, asked once, when a dead-lettered job first needs it. */
    public static java.util.function.Supplier<Integer> maxDeliveryAttempts(ConnectionFactory factory, String jobsQueue) {
        return new BrokerAddressSettings(factory, jobsQueue);
    }

    /**
     * The transaction the submitter sends each chunk of jobs in: one commit (one journal sync on the broker)
     * per chunk. Over the producers' factory, so camel-jms sends join it.
     */
    public static void bindSendTransaction(CamelContext context, ConnectionFactory producers) {
        context.getRegistry().bind(SEND_TRANSACTION, new SpringTransactionPolicy(new JmsTransactionManager(producers)));
    }
}
