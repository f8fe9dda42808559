package io.urlfetcher;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void readsTheUnitsUsersWrite() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> Durations.parse("3 seconds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '3 seconds': write a whole number with a unit, like 500ms, 3s or 2m");
        assertThatThrownBy(() -> Durations.parse("5"))
                .hasMessage("invalid duration '5': a number needs a unit: 5ms, 5s or 5m (the forms: 500ms, 3s, 2m, 1h)");
    }
}
