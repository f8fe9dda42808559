package io.urlfetcher.core;

import io.urlfetcher.Outcome;

/** A line the run did not request because it was stopping ({@link RunStop}); it is reported {@link Outcome#NOT_STARTED}. */
public class NotStartedException extends RuntimeException {

    public NotStartedException(String message) {
        // No stack trace: after a stop every remaining line of the list gets one of these.
        super(message, null, false, false);
    }
}
