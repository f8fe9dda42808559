package io.urlfetcher.flow.result;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalStringsTest {

    @Test
    void equalTextsShareOneInstanceUpToTheLimitAndNewOnesPassAsTheyAre() {
        CanonicalStrings strings = new CanonicalStrings(2);
        String first = strings.canonical(new String("text/html"));

        assertThat(strings.canonical(new String("text/html"))).isSameAs(first);
        String second = strings.canonical(new String("application/json"));
        assertThat(strings.canonical(new String("application/json"))).isSameAs(second);
        String third = new String("image/png");
        assertThat(strings.canonical(third)).isSameAs(third); // past the limit: kept by nobody
        assertThat(strings.canonical(new String("image/png"))).isNotSameAs(third).isEqualTo("image/png");
        assertThat(strings.canonical(null)).isNull();
    }
}
