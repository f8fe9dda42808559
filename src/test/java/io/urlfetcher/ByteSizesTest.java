package io.urlfetcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizesTest {

    @Test
    void readsTheUnitsUsersWrite() {
        assertThat(ByteSizes.parse("512KB")).isEqualTo(512L * 1024);
        assertThat(ByteSizes.parse("10mb")).isEqualTo(10L << 20);
        assertThat(ByteSizes.parse("1GB")).isEqualTo(1L << 30);
        assertThat(ByteSizes.parse("100")).isEqualTo(100);
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> ByteSizes.parse("ten megs"))
                .hasMessage("invalid size 'ten megs': write a whole number with a unit, like 512KB, 10MB or 1GB");
        assertThatThrownBy(() -> ByteSizes.parse("99999999999GB")).hasMessageContaining("too large");
    }
}
