package io.urlfetcher.distributed;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.util.Map;

/**
 * Camel health check {@code url-fetcher-broker}: DOWN, with the reason, once the broker has not answered for longer
 * than {@code fetch.broker-down-after}; a short loss (a broker restart, which the clients ride out) stays UP.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final BrokerMonitor monitor;
    private final Duration downAfter;

    public BrokerHealthCheck(BrokerMonitor monitor, Duration downAfter) {
        super("url-fetcher", "url-fetcher-broker");
        this.monitor = monitor;
        this.downAfter = downAfter;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration down = monitor.downFor();
        builder.detail("broker", monitor.address());
        if (down.compareTo(downAfter) > 0) {
            builder.down().message("broker " + monitor.address() + " has not answered for " + down.toSeconds() + " s: "
                                   + monitor.reason());
        } else {
            builder.up();
        }
    }
}
