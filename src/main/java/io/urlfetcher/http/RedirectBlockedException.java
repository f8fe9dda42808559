package io.urlfetcher.http;

import org.apache.hc.core5.http.ProtocolException;

/**
 * A redirect url-fetcher refuses to follow: to a scheme other than http and https, or from https to http without
 * {@code fetch.allow-downgrade}. The message quotes the Location with any password removed.
 */
class RedirectBlockedException extends ProtocolException {

    RedirectBlockedException(String message) {
        super(message);
    }
}
