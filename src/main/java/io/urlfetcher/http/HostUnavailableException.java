package io.urlfetcher.http;

/**
 * A URL not requested because its host's circuit breaker is open ({@link HostCircuitBreakers}); the message says why.
 * Thrown for every such URL of a dead host, so it carries no stack trace.
 */
public final class HostUnavailableException extends Exception {

    public HostUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
