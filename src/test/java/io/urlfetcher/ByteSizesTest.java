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
        assertThat(ByteSizes.parse("100B")).isEqualTo(100);
        assertThat(ByteSizes.parse("0")).isZero();
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> ByteSizes.parse("ten megs"))
                .hasMessage("invalid size 'ten megs': write a whole number with a unit, like 512KB, 10MB or 1GB");
        assertThatThrownBy(() -> ByteSizes.parse("99999999999GB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> ByteSizes.parse("100"))
                .hasMessage("invalid size '100': a number needs a unit: 100B, 100KB or 100MB (the forms: 100B, 512KB, 10MB, 1GB)");
    }
}
