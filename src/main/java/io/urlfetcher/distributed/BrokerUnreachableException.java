package io.urlfetcher.distributed;

/** A worker's broker did not answer within {@code fetch.broker-wait}: the worker exits (code 3) naming it. */
public final class BrokerUnreachableException extends RuntimeException {

    public BrokerUnreachableException(String message) {
        super(message);
    }
}
