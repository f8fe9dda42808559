package io.urlfetcher.http;

import io.urlfetcher.Outcome;

import java.io.IOException;

/**
 * The proxy a URL went through failed it: unreachable, refused a CONNECT, or asked for credentials it did not
 * get ({@code 407}). {@link FailureClassifier} reports it as {@link Outcome#PROXY_ERROR}.
 */
class ProxyException extends IOException {

    ProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
