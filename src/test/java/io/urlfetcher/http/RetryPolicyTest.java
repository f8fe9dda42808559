package io.urlfetcher.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Set.of(503), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    @Test
    void readsStatusLists() {
        assertThat(RetryPolicy.parseStatuses("429, 503")).containsExactlyInAnyOrder(429, 503);
        assertThat(RetryPolicy.parseStatuses("429,5xx")).hasSize(101).contains(429, 500, 599);
        assertThatThrownBy(() -> RetryPolicy.parseStatuses("429,oops"))
                .hasMessage("'oops' is not a status; write a list like 429,502,503 or 429,5xx");
    }

    @Test
    void backOffDoublesWithJitterAndIsCapped() {
        assertThat(policy.backoffBefore(1, 0)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.backoffBefore(1, 0.999)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(policy.backoffBefore(3, 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffBefore(3, 1)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffBefore(10, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffBefore(64, 1)).isEqualTo(Duration.ofSeconds(1));
    }
}
