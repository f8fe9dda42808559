package io.urlfetcher.core;

import java.io.IOException;

/**
 * Thrown in place of the I/O error that aborting a request at the end of a stop's grace causes ({@link RunStop}).
 * Not an {@link java.io.InterruptedIOException}: it is no timeout of the URL's own.
 */
public class RunInterruptedException extends IOException {

    public RunInterruptedException(String reason, long graceMillis) {
        super("the run was stopped (" + reason + ") and this request did not finish within the " + graceMillis
              + " ms grace");
    }
}
