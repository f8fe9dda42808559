package io.urlfetcher.http;

import io.urlfetcher.PhaseTimings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseClockTest {

    private static final long MS = 1_000_000;

    @Test
    void aNewConnectionHasEveryPhaseAndTheyAddUpToTheTotal() {
        PhaseClock clock = new PhaseClock();
        long t = 5_000 * MS;
        clock.hopStarted(t);
        clock.connectionOpening(t + 100_000, false);
        clock.socketConnecting(t + 1_200_400);       // dns 1.2004 ms -> 1.2 ms
        clock.socketConnected(t + 3_000_600);        // connect 1.8002 ms
        clock.tlsStarted(t + 3_100_000);
        clock.tlsDone(t + 10_000_000);
        clock.headReceived(t + 210_000_000, true);
        clock.bodyEnded(t + 250_123_456);

        PhaseTimings timings = clock.timings(t - 7 * MS, t + 260 * MS);

        assertThat(timings).isEqualTo(new PhaseTimings(null, 1.2, 1.801, 6.999, 200.0, 40.123, 250.123, false));
    }

    @Test
    void anIpAddressHasNoDnsPhaseAndItsConnectCountsFromTheStartOfTheHop() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(0);
        clock.connectionOpening(100_000, true);
        clock.socketConnecting(2 * MS);          // a slot in the pool took 2 ms: not name resolution
        clock.socketConnected(3 * MS);
        clock.headReceived(10 * MS, false);

        PhaseTimings timings = clock.timings(0, 10 * MS);

        assertThat(timings).isEqualTo(new PhaseTimings(null, null, 3.0, null, 7.0, null, 10.0, false));
    }

    @Test
    void roundingCannotBreakTheSum() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(0);
        clock.connectionOpening(1, false);
        clock.socketConnecting(499);      // each phase alone would round to 0 or 1 µs ...
        clock.socketConnected(998);
        clock.headReceived(1_497, true);
        clock.bodyEnded(1_996);

        PhaseTimings timings = clock.timings(0, 2_000);

        // ... but the boundaries are rounded, so the phases still add up to the total exactly.
        assertThat(timings.dns() + timings.connect() + timings.firstByte() + timings.download())
                .isEqualTo(timings.total()).isEqualTo(0.002);
    }

    @Test
    void aReusedConnectionHasNoDnsConnectOrTlsAndItsFirstByteCountsFromTheHopStart() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(100 * MS);
        clock.headReceived(103 * MS, true);
        clock.bodyEnded(104 * MS);

        assertThat(clock.timings(99 * MS, 105 * MS)).isEqualTo(new PhaseTimings(null, null, null, null, 3.0, 1.0, 4.0, true));
    }

    @Test
    void aResponseWithoutBodyHasNoDownload() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(0);
        clock.headReceived(2 * MS, false);

        assertThat(clock.timings(0, 9 * MS)).isEqualTo(new PhaseTimings(null, null, null, null, 2.0, null, 2.0, true));
    }

    @Test
    void theTimingsDescribeTheFinalHopAndBeforeCoversTheHopsAheadOfIt() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(10 * MS);       // a redirect hop on a new connection
        clock.connectionOpening(10 * MS, false);
        clock.socketConnecting(11 * MS);
        clock.socketConnected(12 * MS);
        clock.headReceived(15 * MS, false);
        clock.hopStarted(16 * MS);       // the final hop, on the same connection
        clock.headReceived(20 * MS, true);
        clock.bodyEnded(21 * MS);

        assertThat(clock.timings(9 * MS, 22 * MS)).isEqualTo(new PhaseTimings(7.0, null, null, null, 4.0, 1.0, 5.0, true));
    }

    @Test
    void aFailedConnectEndsInTheConnectPhaseAndTheLaterPhasesAreNull() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(0);
        clock.connectionOpening(0, false);
        clock.socketConnecting(MS);      // refused, or timed out, before onAfterSocketConnect

        assertThat(clock.timings(0, 3 * MS)).isEqualTo(new PhaseTimings(null, 1.0, 2.0, null, null, null, 3.0, false));
    }

    @Test
    void aBodyNotReadToTheEndDownloadsUntilTheResultIsRecorded() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(0);
        clock.headReceived(MS, true);

        assertThat(clock.timings(0, 6 * MS).download()).isEqualTo(5.0);
    }

    @Test
    void theFirstEndOfTheBodyCounts() {
        PhaseClock clock = new PhaseClock();
        clock.hopStarted(0);
        clock.headReceived(MS, true);
        clock.bodyEnded(2 * MS);         // the last byte read
        clock.bodyEnded(5 * MS);         // the stream closed later

        assertThat(clock.timings(0, 6 * MS).total()).isEqualTo(2.0);
    }

    @Test
    void noHopMeansNoTimings() {
        assertThat(new PhaseClock().timings(0, MS)).isNull();
    }
}
