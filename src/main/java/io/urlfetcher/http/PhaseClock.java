package io.urlfetcher.http;

import io.urlfetcher.PhaseTimings;

/**
 * The {@link System#nanoTime()} stamps of one URL's request, hop by hop: HttpClient's exec chain and connection
 * operator stamp them as they happen ({@link PhaseTimingExecHandler}, {@link TimedConnectionOperator},
 * {@link RequestLimitsExecHandler}) and {@link #timings} turns the final hop's into {@link PhaseTimings}.
 * <p>
 * Not thread-safe, and it need not be: the classic HttpClient runs a request, its redirects, retries and body read
 * on the calling thread, and the result is recorded on it afterwards. A few stamps a hop, no allocation.
 */
final class PhaseClock {

    private static final long UNSET = Long.MIN_VALUE;

    private int hops;
    private long hopStart = UNSET;
    private long opening = UNSET;
    private boolean literalAddress;
    private long socketConnecting = UNSET;
    private long socketConnected = UNSET;
    private long tlsStarted = UNSET;
    private long tlsDone = UNSET;
    private long headReceived = UNSET;
    private boolean hasBody;
    private long bodyEnded = UNSET;

    /** A new attempt or redirect hop starts: the stamps of the one before no longer count. */
    void hopStarted(long nanos) {
        hops++;
        hopStart = nanos;
        opening = UNSET;
        literalAddress = false;
        socketConnecting = UNSET;
        socketConnected = UNSET;
        tlsStarted = UNSET;
        tlsDone = UNSET;
        headReceived = UNSET;
        hasBody = false;
        bodyEnded = UNSET;
    }

    /**
     * The hop opens a new connection: it resolves the host name next, or, for an IP address ({@code literalAddress}),
     * has nothing to resolve.
     */
    void connectionOpening(long nanos, boolean literalAddress) {
        opening = nanos;
        this.literalAddress = literalAddress;
    }

    /** The host name is resolved and a TCP connect starts; with several addresses, the first attempt counts. */
    void socketConnecting(long nanos) {
        if (socketConnecting == UNSET) {
            socketConnecting = nanos;
        }
    }

    void socketConnected(long nanos) {
        socketConnected = nanos;
    }

    void tlsStarted(long nanos) {
        tlsStarted = nanos;
    }

    void tlsDone(long nanos) {
        tlsDone = nanos;
    }

    /** The response head arrived; {@code withBody} when a body follows it. */
    public void headReceived(long nanos, boolean withBody) {
        headReceived = nanos;
        hasBody = withBody;
    }

    /**
     * Whether the final hop had its connection: a pooled one, or a new one connected (and through its TLS handshake,
     * if any). A timeout after that waited for a response; before it, for the host to accept at all.
     */
    boolean connectionReady() {
        if (hops == 0) {
            return false;
        }
        return opening == UNSET || socketConnected != UNSET && (tlsStarted == UNSET || tlsDone != UNSET);
    }

    /** The last body byte was read, or the body was closed before it: whichever came first. */
    void bodyEnded(long nanos) {
        if (bodyEnded == UNSET && headReceived != UNSET) {
            bodyEnded = nanos;
        }
    }

    /**
     * The final hop's phases. A phase whose end was never stamped (the request failed in it, or its body was not
     * read to the end) runs until {@code endNanos}; the phases after it are null.
     *
     * @param requestStartNanos when the URL's request started, for {@code before}
     * @param endNanos          when the result was recorded
     * @return the timings, or null when no request was made
     */
    public PhaseTimings timings(long requestStartNanos, long endNanos) {
        if (hops == 0) {
            return null;
        }
        boolean reused = opening == UNSET;
        Timeline line = new Timeline(hopStart, endNanos);
        // An IP address is not resolved: no dns phase, and connect counts from the start of the hop.
        Double dns = reused || literalAddress ? null : line.until(socketConnecting);
        Double connect = reused ? null : line.until(socketConnected);
        Double tls = reused || tlsStarted == UNSET ? null : line.until(tlsDone);
        Double firstByte = line.until(headReceived);
        Double download = hasBody ? line.until(bodyEnded) : null;
        Double before = hops == 1 ? null : micros(hopStart - requestStartNanos);
        return new PhaseTimings(before, dns, connect, tls, firstByte, download, line.total(), reused);
    }

    /** Nanoseconds as milliseconds, to the microsecond. */
    static double micros(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /**
     * Cuts one hop into consecutive phases. Each boundary is rounded to the microsecond before phases are taken as
     * differences of boundaries, so rounding cannot make the phases add up to anything but the total.
     */
    private static final class Timeline {
        private final long start;
        private final long end;
        private long cursorMicros;
        private boolean stopped;

        Timeline(long start, long end) {
            this.start = start;
            this.end = end;
        }

        /** The phase from the previous boundary to {@code stamp}, or to the end when it was never stamped. */
        Double until(long stamp) {
            if (stopped) {
                return null;
            }
            if (stamp == UNSET) {
                stopped = true;
                stamp = end;
            }
            long boundary = Math.max(cursorMicros, Math.round((stamp - start) / 1_000.0));
            double phase = (boundary - cursorMicros) / 1_000.0;
            cursorMicros = boundary;
            return phase;
        }

        double total() {
            return cursorMicros / 1_000.0;
        }
    }
}
