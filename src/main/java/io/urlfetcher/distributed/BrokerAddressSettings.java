package io.urlfetcher.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * What the broker itself says about the jobs queue's address: its {@code max-delivery-attempts}, read once through
 * Artemis' management queue ({@code getAddressSettingsAsJSON}), so a dead-lettered job quotes the broker's number, not
 * a setting of ours that an external broker does not read.
 */
final class BrokerAddressSettings implements Supplier<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAddressSettings.class);
    /** Artemis' default management address. */
    private static final String MANAGEMENT_QUEUE = "activemq.management";
    private static final long REPLY_MILLIS = 5000;

    private final ConnectionFactory factory;
    private final String address;
    private volatile Integer maxDeliveryAttempts;
    private volatile boolean asked;

    BrokerAddressSettings(ConnectionFactory factory, String address) {
        this.factory = factory;
        this.address = address;
    }

    /** The broker's max-delivery-attempts for the jobs queue, or null when it cannot tell (not Artemis, not allowed). */
    @Override
    public synchronized Integer get() {
        if (!asked) {
            asked = true;
            try {
                maxDeliveryAttempts = ask();
            } catch (Exception e) {
                LOG.warn("Could not read the broker's max-delivery-attempts for {} through {}: {}; dead-letter results"
                         + " name no count", address, MANAGEMENT_QUEUE, e.toString());
            }
        }
        return maxDeliveryAttempts;
    }

    private Integer ask() throws Exception {
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            Queue management = session.createQueue(MANAGEMENT_QUEUE);
            TemporaryQueue replies = session.createTemporaryQueue();
            Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "getAddressSettingsAsJSON", address);
            request.setJMSReplyTo(replies);
            try (MessageProducer producer = session.createProducer(management);
                 MessageConsumer consumer = session.createConsumer(replies)) {
                producer.send(request);
                Message reply = consumer.receive(REPLY_MILLIS);
                if (reply == null) {
                    throw new IllegalStateException("no reply within " + REPLY_MILLIS + " ms");
                }
                if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                    throw new IllegalStateException(String.valueOf(JMSManagementHelper.getResult(reply)));
                }
                JsonNode json = new ObjectMapper().readTree(String.valueOf(JMSManagementHelper.getResult(reply, String.class)));
                JsonNode attempts = json.get("maxDeliveryAttempts");
                return attempts == null || !attempts.canConvertToInt() ? null : attempts.asInt();
            } finally {
                replies.delete();
            }
        }
    }
}
