package io.urlfetcher.distributed;

import jakarta.jms.JMSContext;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real ActiveMQ Artemis broker for a test: the product's embedded broker on a free port of 127.0.0.1,
 * persistent in a folder of the test's, stopped by {@link #close()}; {@link #restart()} keeps its data.
 */
public final class TestBroker implements AutoCloseable {

    static final int MAX_DELIVERIES = 3;

    private final BrokerSettings settings;
    private ArtemisBroker broker;

    private TestBroker(BrokerSettings settings) throws Exception {
        this.settings = settings;
        start();
    }

    public static TestBroker start(Path dataDirectory) throws Exception {
        return start(dataDirectory, "", "");
    }

    /** With a user, the broker accepts only that user and password. */
    public static TestBroker start(Path dataDirectory, String user, String password) throws Exception {
        return start(dataDirectory, user, password, freePort());
    }

    /** On a given port, e.g. the port and journal of a broker that ran before. */
    public static TestBroker start(Path dataDirectory, int port) throws Exception {
        return start(dataDirectory, "", "", port);
    }

    private static TestBroker start(Path dataDirectory, String user, String password, int port) throws Exception {
        return new TestBroker(new BrokerSettings(BrokerSettings.EMBEDDED, user, password, port,
                dataDirectory.toString(), "fetch.jobs", "fetch.results", "DLQ", "ExpiryQueue", MAX_DELIVERIES,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)));
    }

    public String url() {
        return settings.clientUrl();
    }

    int port() {
        return settings.port();
    }

    /** A JMS session of the test's own, to look into or feed the queues. */
    public JMSContext jms() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url());
        return settings.user().isEmpty() ? factory.createContext()
                : factory.createContext(settings.user(), settings.password());
    }

    void restart() throws Exception {
        stop();
        start();
    }

    /** Starts again after {@link #stop()}, on the same port with the same journal. */
    void startAgain() throws Exception {
        start();
    }

    /** Messages on a queue now (browsed, so left there), optionally only those a selector picks. */
    public int count(String queue, String... selector) {
        try (JMSContext jms = jms()) {
            java.util.Enumeration<?> messages = selector.length == 0 ? jms.createBrowser(jms.createQueue(queue)).getEnumeration()
                    : jms.createBrowser(jms.createQueue(queue), selector[0]).getEnumeration();
            int count = 0;
            while (messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            return count;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    private void start() throws Exception {
        ArtemisBroker started = new ArtemisBroker(settings);
        started.start();
        broker = started;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
