package io.urlfetcher;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LatencySummaryTest {

    @Test
    void usesNearestRankPercentiles() {
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();

        assertThat(LatencySummary.of(oneToHundred)).isEqualTo(new LatencySummary(50, 90, 99, 100));
    }

    @Test
    void smallAndEmptySamples() {
        assertThat(LatencySummary.of(new long[] { 640, 380, 150, 250, 890 }))
                .isEqualTo(new LatencySummary(380, 890, 890, 890));
        assertThat(LatencySummary.of(new long[0])).isEqualTo(new LatencySummary(0, 0, 0, 0));
    }
}
