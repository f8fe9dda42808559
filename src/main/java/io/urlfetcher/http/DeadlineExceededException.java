package io.urlfetcher.http;

import java.io.InterruptedIOException;

/** Thrown in place of the I/O error that cancelling a request at its deadline causes. */
class DeadlineExceededException extends InterruptedIOException {

    DeadlineExceededException(long deadlineMillis) {
        super("no complete response within the " + deadlineMillis + " ms deadline");
    }
}
