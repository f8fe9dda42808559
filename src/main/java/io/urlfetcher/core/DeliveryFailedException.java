package io.urlfetcher.core;

import java.io.IOException;

/** A response could not be handed to the response sink; the fetch itself succeeded. */
public final class DeliveryFailedException extends IOException {

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
