package io.urlfetcher.config;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.core.BeanNames;
import io.urlfetcher.distributed.BatchLeftovers;
import io.urlfetcher.distributed.BrokerMonitor;
import io.urlfetcher.distributed.BrokerSettings;
import io.urlfetcher.distributed.JmsConnection;
import io.urlfetcher.distributed.SubmitSteps;
import io.urlfetcher.distributed.WorkerSteps;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

/**
 * Binds what the workers' and submitters' routes ({@link FetchConfiguration#DISTRIBUTED_ROUTES}) need: the broker of
 * fetch.broker-url ({@link BrokerConfiguration}) or else the host's own JMS connection factory, the submitter's send
 * transaction and the steps of both. The flow's beans come from {@link FetchConfiguration}.
 */
public class DistributedConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        bind(context);
    }

    public static void bind(CamelContext context) {
        FetchSettings settings = FetchConfiguration.settings(context);
        BrokerSettings broker = settings.broker();
        // Our broker, or the JMS connection factory an embedding host already has.
        ConnectionFactory producers = broker.configured() ? BrokerConfiguration.bind(context)
                : context.getRegistry().findSingleByType(ConnectionFactory.class);
        if (producers == null) {
            throw new ConfigurationException(BrokerSettings.needed("a worker or a submitter"));
        }
        JmsConnection.bindSendTransaction(context, producers);
        // The routes read the queue names as placeholders: a host without application.properties gets the defaults.
        FetchConfiguration.publishDefault(context, "fetch.jobs-queue", broker.jobsQueue());
        FetchConfiguration.publishDefault(context, "fetch.results-queue", broker.resultsQueue());
        FetchConfiguration.publishDefault(context, "fetch.dead-letter-queue", broker.deadLetterQueue());
        FetchConfiguration.publishDefault(context, "fetch.expiry-queue", broker.expiryQueue());
        FetchConfiguration.publishDefault(context, "fetch.result-timeout", broker.resultTimeout().toMillis() + "ms");
        Registry registry = context.getRegistry();
        // Reads and removals of a batch's messages go through the consumers' factory (no cache to hold sessions open).
        ConnectionFactory listeners = registry.lookupByNameAndType(JmsConnection.LISTENER_FACTORY, ConnectionFactory.class);
        ConnectionFactory direct = listeners != null ? listeners : producers;
        registry.bind(BeanNames.BATCH_LEFTOVERS, new BatchLeftovers(direct));
        if (broker.configured()) {
            try {
                BrokerMonitor monitor = new BrokerMonitor(broker);
                monitor.setCamelContext(context);
                context.addService(monitor, true, true);
                registry.bind(BeanNames.BROKER_MONITOR, monitor);
            } catch (Exception e) {
                throw new IllegalStateException("could not start watching the broker " + broker.clientUrl(), e);
            }
        }
        WorkerSteps worker = new WorkerSteps();
        SubmitSteps submit = new SubmitSteps(JmsConnection.maxDeliveryAttempts(direct, broker.jobsQueue()));
        registry.bind(BeanNames.OPEN_JOB, (Processor) worker::openJob);
        registry.bind(BeanNames.JOB_RESULT, (Processor) worker::jobResult);
        registry.bind(BeanNames.TO_JOB, (Processor) submit::toJob);
        registry.bind(BeanNames.SUBMIT_STEPS, submit);
        registry.bind(BeanNames.IS_JOB, SubmitSteps.isJob());
        registry.bind(BeanNames.DEAD_LETTER_RESULT, (Processor) submit::deadLetterResult);
        registry.bind(BeanNames.RENEW_JOB, (Processor) submit::renewJob);
    }
}
