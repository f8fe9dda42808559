package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import java.net.UnknownHostException;

/**
 * A host resolved to an address the SSRF guard refuses. An {@link UnknownHostException} because that is
 * what a DNS resolver may throw; {@link FailureClassifier} tells it apart as {@link Outcome#BLOCKED}.
 */
class BlockedAddressException extends UnknownHostException {

    BlockedAddressException(String message) {
        super(message);
    }
}
