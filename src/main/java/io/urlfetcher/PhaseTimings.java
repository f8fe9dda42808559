package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where the time of a URL's final request went, as curl's {@code -w} variables tell it, in milliseconds to the
 * microsecond: each phase on its own (not cumulative), null where the phase did not happen. The phases follow one
 * another without gaps, so {@code dns + connect + tls + firstByte + download} is {@code total}.
 * <p>
 * They describe the final attempt or redirect hop, the one whose response the result reports; {@code before} is
 * the time spent until it started (earlier hops and attempts, retry waits), and the result's {@code millis}
 * covers it all. A failed request has the phases it went through, the last one up to the failure.
 *
 * @param before    from the start of the URL's request to the start of the final hop; null when it was the only one
 * @param dns       name resolution, counted from the start of the hop (it includes taking a slot in the
 *                  connection pool); null on a reused connection and for a host that is an IP address
 * @param connect   TCP connect (for an IP address, from the start of the hop); null on a reused connection
 * @param tls       TLS handshake; null for http and on a reused connection
 * @param firstByte from the connection being ready (the start of the hop on a reused connection) to the response
 *                  head having arrived: sending the request and the server's time to answer
 * @param download  from the response head to the last body byte read (or the body being closed); null without a body
 * @param total     the final hop from its start to its last body byte
 * @param reused    true when the connection came from the pool, kept alive from an earlier request
 */
@JsonPropertyOrder({ "before", "dns", "connect", "tls", "firstByte", "download", "total", "reused" })
public record PhaseTimings(Double before, Double dns, Double connect, Double tls, Double firstByte, Double download,
                           double total, boolean reused) {
}
