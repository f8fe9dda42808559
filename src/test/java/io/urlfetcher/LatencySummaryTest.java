package io.urlfetcher;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LatencySummaryTest {

    @Test
    void usesNearestRankPercentiles() {
        List<Long> oneToHundred = LongStream.rangeClosed(1, 100).boxed().toList();

        assertThat(LatencySummary.of(oneToHundred)).isEqualTo(new LatencySummary(50, 90, 99, 100));
    }

    @Test
    void smallAndEmptySamples() {
        assertThat(LatencySummary.of(List.of(640L, 380L, 150L, 250L, 890L)))
                .isEqualTo(new LatencySummary(380, 890, 890, 890));
        assertThat(LatencySummary.of(List.of())).isEqualTo(new LatencySummary(0, 0, 0, 0));
    }
}
