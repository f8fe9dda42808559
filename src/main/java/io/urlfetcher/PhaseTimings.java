package io.urlfetcher;

/**
 * Where the time of one request went, as curl's {@code -w} variables tell it, in milliseconds: each
 * phase on its own (not cumulative), null where the phase did not happen.
 *
 * @param dns       name resolution
 * @param connect   TCP connect
 * @param tls       TLS handshake
 * @param firstByte from the request being sent to the first byte of the response
 * @param download  reading the body
 * @param total     the request from start to the last body byte
 * @param reused    true when the connection came from the pool
 */
public record PhaseTimings(Double dns, Double connect, Double tls, Double firstByte, Double download, double total,
                           boolean reused) {
}
