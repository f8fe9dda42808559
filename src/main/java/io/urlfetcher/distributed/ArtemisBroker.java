package io.urlfetcher.distributed;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;
import java.util.Set;

/**
 * An ActiveMQ Artemis broker inside this process ({@code fetch.broker-url = embedded}), for one machine:
 * listening on 127.0.0.1 only, persistent (journal in {@code fetch.broker-data}, so queued jobs and results
 * survive a restart, and so do their delivery counts), dead-lettering a job after {@code fetch.max-deliveries} failed
 * deliveries, moving expired messages to {@code fetch.expiry-queue} within a second of their expiry. With a
 * {@code fetch.broker-user} it accepts that user and password only.
 */
public final class ArtemisBroker extends ServiceSupport {

    private static final String ROLE = "url-fetcher";
    /** How often the broker looks for expired messages (Artemis' default is 30 s): a batch's messages go soon after their time. */
    private static final long EXPIRY_SCAN_MILLIS = 1000;

    private final BrokerSettings settings;
    private EmbeddedActiveMQ broker;

    public ArtemisBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doStart() throws Exception {
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ().setConfiguration(configuration());
        if (!settings.user().isEmpty()) {
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(settings.user(), settings.password());
            users.addRole(settings.user(), ROLE);
            embedded.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        }
        broker = embedded.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    private Configuration configuration() throws Exception {
        Path data = Path.of(settings.dataDirectory()).toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("url-fetcher")
                .setPersistenceEnabled(true)
                // NIO: the native AIO journal needs libaio, which a plain machine may not have.
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setJournalFileSize(1 << 20)
                // Artemis blocks every producer once the disk is 90% full; a small test machine can be.
                .setMaxDiskUsage(100)
                .setJMXManagementEnabled(false)
                // A job's delivery count is written before it is delivered, so one redelivered after a broker restart says 2.
                .setPersistDeliveryCountBeforeDelivery(true)
                .setMessageExpiryScanPeriod(EXPIRY_SCAN_MILLIS)
                .setSecurityEnabled(!settings.user().isEmpty())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + settings.port())
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(settings.deadLetterQueue()))
                        .setExpiryAddress(SimpleString.of(settings.expiryQueue()))
                        .setMaxDeliveryAttempts(settings.maxDeliveries()))
                .addQueueConfiguration(QueueConfiguration.of(settings.deadLetterQueue())
                        .setRoutingType(RoutingType.ANYCAST))
                .addQueueConfiguration(QueueConfiguration.of(settings.expiryQueue()).setRoutingType(RoutingType.ANYCAST));
        if (!settings.user().isEmpty()) {
            config.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true)));
        }
        return config;
    }
}
