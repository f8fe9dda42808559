package io.urlfetcher.http;

import java.io.IOException;

/** The decoded response body grew past the limit; reading stopped there and the connection was dropped. */
class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("body larger than the " + limit + "-byte limit (fetch.max-body); reading stopped there");
    }
}
