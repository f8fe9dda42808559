package io.urlfetcher.distributed;

import io.urlfetcher.core.SecretRedactor;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the broker answers: one connection of its own (no reconnect attempts, so a loss is seen at once) that is
 * opened again every second while it is down. A problem is logged once, then every {@link #LOG_EVERY} while it lasts,
 * and its end once; the health check ({@link BrokerHealthCheck}) and a worker's start ({@link #awaitReachable}) read it.
 */
public final class BrokerMonitor extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMonitor.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(5); // as the watch folder says its problems again (WatchProblems)
    private static final long CHECK_MILLIS = 1000;

    private final ActiveMQConnectionFactory factory;
    private final String address;
    private final Duration downAfter;
    private ScheduledExecutorService timer;
    private Connection connection; // guarded by this
    /** System.nanoTime() since which the broker has not answered; 0 while it answers. */
    private volatile long downSinceNanos;
    private volatile String reason = "not checked yet";
    private long lastLoggedNanos; // guarded by this
    private volatile boolean everUp;
    private CamelContext camelContext;

    public BrokerMonitor(BrokerSettings broker) {
        this.address = SecretRedactor.redact(broker.clientUrl());
        this.downAfter = broker.downAfter();
        this.factory = new ActiveMQConnectionFactory(broker.clientUrl());
        if (!broker.user().isEmpty()) {
            factory.setUser(broker.user());
            factory.setPassword(broker.password());
        }
        factory.setReconnectAttempts(0);
        factory.setInitialConnectAttempts(1);
        downSinceNanos = System.nanoTime();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The broker's address as the logs and messages give it (any password removed). */
    public String address() {
        return address;
    }

    @Override
    protected void doStart() {
        // Camel's management server serves the registry's checks on /observe/health, when it runs.
        HealthCheckRegistry health = getCamelContext() == null ? null : HealthCheckRegistry.get(getCamelContext());
        if (health != null) {
            health.register(new BrokerHealthCheck(this, downAfter));
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "url-fetcher-broker-monitor");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            closeConnection();
        }
        factory.close();
    }

    /** Whether the broker answers now. */
    public boolean reachable() {
        return downSinceNanos == 0;
    }

    /** How long the broker has not answered, zero while it answers. */
    public Duration downFor() {
        long since = downSinceNanos;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** Why it does not answer (the last connection error). */
    public String reason() {
        return reason;
    }

    /**
     * Waits until the broker answers, checking every second.
     *
     * @param limit how long at most; {@link BrokerSettings#FOREVER} waits until it answers
     * @return whether it answered within the limit
     */
    public boolean awaitReachable(Duration limit) throws InterruptedException {
        long deadline = BrokerSettings.FOREVER.equals(limit) ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        while (!reachable()) {
            check();
            if (reachable()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)));
        }
        return true;
    }

    /** Opens the connection when there is none; a failure marks the broker down. */
    synchronized void check() {
        if (connection != null) {
            return;
        }
        try {
            Connection opened = factory.createConnection();
            opened.setExceptionListener(e -> lost(opened, e));
            connection = opened;
            up();
        } catch (JMSException | RuntimeException e) {
            down(e);
        }
    }

    private synchronized void lost(Connection failed, JMSException e) {
        if (connection == failed) {
            closeConnection();
            down(e);
        }
    }

    private void up() {
        long since = downSinceNanos;
        downSinceNanos = 0;
        if (everUp && since != 0) {
            LOG.info("Broker {} answers again after {} s", address, Duration.ofNanos(System.nanoTime() - since).toSeconds());
        }
        everUp = true;
        lastLoggedNanos = 0;
    }

    private void down(Exception e) {
        reason = describe(e);
        long now = System.nanoTime();
        if (downSinceNanos == 0) {
            downSinceNanos = now;
        }
        // Once when it starts, then at a slow interval: a broker down for an hour is 12 lines, not 720 per consumer.
        if (lastLoggedNanos == 0) {
            lastLoggedNanos = now;
            LOG.warn("Broker {} does not answer: {}; trying again every second", address, reason);
        } else if (now - lastLoggedNanos >= LOG_EVERY.toNanos()) {
            lastLoggedNanos = now;
            LOG.warn("Broker {} has not answered for {} s: {}; trying again every second", address,
                    Duration.ofNanos(now - downSinceNanos).toSeconds(), reason);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                // it failed already: nothing to release on the broker
            }
            connection = null;
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String deepest = cause.getMessage();
        // Artemis wraps its exception's toString() in the JMSException's message: say its text once.
        return SecretRedactor.redact(deepest == null || message.contains(deepest) ? message
                : cause == e ? message : message + " (" + deepest + ")");
    }
}
