package io.urlfetcher.http;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedHeaderFilterStrategyTest {

    private final HttpHeaderFilterStrategy camels = new HttpHeaderFilterStrategy();
    private final CachedHeaderFilterStrategy cached = new CachedHeaderFilterStrategy();

    @Test
    void givesCamelHttpsVerdictsEveryTime() {
        String[] names = {"CamelHttpUri", "camelHttpMethod", "org.apache.camel.x", "User-Agent", "Host", "content-length",
            "Content-Type", "Transfer-Encoding", "Connection", "X-Trace", "Server", "Date", "Set-Cookie", "ETag"};
        for (int round = 0; round < 2; round++) { // the second round reads the kept verdicts
            for (String name : names) {
                assertThat(cached.applyFilterToCamelHeaders(name, "v", null)).as("to HTTP: " + name)
                        .isEqualTo(camels.applyFilterToCamelHeaders(name, "v", null));
                assertThat(cached.applyFilterToExternalHeaders(name, "v", null)).as("from HTTP: " + name)
                        .isEqualTo(camels.applyFilterToExternalHeaders(name, "v", null));
            }
        }
        assertThat(cached.applyFilterToCamelHeaders("X-Trace", null, null)).isTrue(); // a null value is never sent
        assertThat(cached.applyFilterToCamelHeaders("CamelHttpUri", "v", null)).isTrue();
        assertThat(cached.applyFilterToCamelHeaders("User-Agent", "v", null)).isFalse();
    }

    @Test
    void keepsABoundedNumberOfNames() {
        for (int i = 0; i < CachedHeaderFilterStrategy.MAX_NAMES + 100; i++) {
            assertThat(cached.applyFilterToExternalHeaders("X-Server-Chosen-" + i, "v", null)).isFalse();
        }
        assertThat(cached.applyFilterToExternalHeaders("CamelInjected", "v", null)).isTrue();
    }
}
