package io.urlfetcher.distributed;

import io.urlfetcher.ConfigurationException;

import io.urlfetcher.core.SecretRedactor;

import java.time.Duration;

/**
 * Where the queues are: the {@code fetch.broker-*} settings and the queue names of the distributed mode.
 *
 * @param url            {@code tcp://host:61616} (any Artemis client URL), {@code embedded} to start a broker in
 *                       this process, or empty for none (an embedding host may bring its own JMS connection factory)
 * @param user           broker user, or empty
 * @param password       broker password, or empty; never logged
 * @param port           port of the embedded broker, on 127.0.0.1
 * @param dataDirectory  journal folder of the embedded broker: messages survive a restart
 * @param jobsQueue      queue of URL jobs that workers consume
 * @param resultsQueue   queue workers send results to
 * @param deadLetterQueue queue the broker moves a job to after {@code maxDeliveries} failed deliveries
 * @param expiryQueue    queue the broker moves an expired job or result to (the address settings' expiry-address)
 * @param maxDeliveries  deliveries of one job before the embedded broker dead-letters it
 * @param resultTimeout  longest wait for the next result of a submitted batch, and the time-to-live of its messages
 * @param brokerWait     how long a worker waits at start for its broker to answer, {@link #FOREVER} for no limit
 * @param downAfter      how long the broker may be unreachable before the health check says DOWN
 */
public record BrokerSettings(String url, String user, String password, int port, String dataDirectory,
                             String jobsQueue, String resultsQueue, String deadLetterQueue, String expiryQueue,
                             int maxDeliveries, Duration resultTimeout, Duration brokerWait, Duration downAfter) {

    static final String EMBEDDED = "embedded";
    /** {@code --broker-wait forever}: a worker keeps trying to reach its broker. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    /** The error when something needs a broker and none is configured. */
    public static String needed(String what) {
        return what + " needs a broker: give --broker tcp://HOST:61616 (ActiveMQ Artemis) or --broker embedded"
               + " (fetch.broker-url)";
    }

    public boolean configured() {
        return !url.isEmpty();
    }

    /** @throws ConfigurationException saying what needs a broker, when none is configured */
    public void require(String what) {
        if (!configured()) {
            throw new ConfigurationException(needed(what));
        }
    }

    public boolean embedded() {
        return EMBEDDED.equalsIgnoreCase(url);
    }

    /** The URL clients connect to: the embedded broker's acceptor, or the given one. */
    public String clientUrl() {
        return embedded() ? "tcp://127.0.0.1:" + port : url;
    }

    public boolean waitsForever() {
        return FOREVER.equals(brokerWait);
    }

    @Override
    public String toString() { // the record's own would print the password
        return "BrokerSettings[url=" + SecretRedactor.redact(url) + ", user=" + user + ", password="
               + (password.isEmpty() ? "" : SecretRedactor.MASK) + ", port=" + port + ", jobsQueue=" + jobsQueue
               + ", resultsQueue=" + resultsQueue + ", deadLetterQueue=" + deadLetterQueue + ", expiryQueue=" + expiryQueue
               + "]";
    }
}
