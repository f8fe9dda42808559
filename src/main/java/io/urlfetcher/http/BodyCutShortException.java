package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import java.io.IOException;

/**
 * The connection closed before the body's end (its Content-Length not reached, a chunked body cut off): a
 * {@link Outcome#CONNECTION_CLOSED}, with how many (decoded) body bytes had arrived.
 */
final class BodyCutShortException extends IOException {

    private final long bytesRead;

    BodyCutShortException(long bytesRead, IOException cause) {
        super("the connection closed after " + bytesRead + " bytes of the body: " + cause.getMessage(), cause);
        this.bytesRead = bytesRead;
    }

    long bytesRead() {
        return bytesRead;
    }
}
