package io.urlfetcher.flow.response;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyFileNamesTest {

    @Test
    void indexHostUrlHashAndTypeMakeTheName() {
        String name = BodyFileNames.of(42, "Shop.Example", "https://shop.example/p/1", "text/html; charset=utf-8");

        assertThat(name).matches("000042-shop\\.example-[0-9a-f]{12}\\.html");
        assertThat(BodyFileNames.of(42, "shop.example", "https://shop.example/p/1", "text/html")).isEqualTo(name);
        assertThat(BodyFileNames.of(42, "shop.example", "https://shop.example/p/2", "text/html")).isNotEqualTo(name);
        assertThat(BodyFileNames.of(1_234_567, "h", "u", null)).startsWith("1234567-h-").endsWith(".bin");
    }

    @Test
    void theIndexHasAtLeastSixDigitsAsPercentZeroSixD() {
        for (int index : new int[] { 0, 7, 42, 99_999, 100_000, 999_999, 1_000_000, 1_234_567, Integer.MAX_VALUE }) {
            assertThat(BodyFileNames.zeroPadded(index)).isEqualTo(String.format("%06d", index));
        }
    }

    @Test
    void hostsKeepOnlySafeCharactersAndNeverTwoDots() {
        assertThat(BodyFileNames.safeHost("[::1]")).isEqualTo("___1_");
        assertThat(BodyFileNames.safeHost("a..b/../c\\d:e\u0000f")).isEqualTo("a__b____c_d_e_f");
        assertThat(BodyFileNames.safeHost("x".repeat(300))).hasSize(60);
        assertThat(BodyFileNames.safeHost(null)).isEqualTo("nohost");
        assertThat(BodyFileNames.safeHost("xn--bcher-kva.example")).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void theExtensionFollowsTheContentType() {
        assertThat(BodyFileNames.extension("application/json")).isEqualTo("json");
        assertThat(BodyFileNames.extension("application/problem+json; charset=utf-8")).isEqualTo("json");
        assertThat(BodyFileNames.extension("application/atom+xml")).isEqualTo("xml");
        assertThat(BodyFileNames.extension("TEXT/HTML")).isEqualTo("html");
        assertThat(BodyFileNames.extension("text/markdown")).isEqualTo("txt");
        assertThat(BodyFileNames.extension("image/png")).isEqualTo("png");
        assertThat(BodyFileNames.extension("application/x-unknown")).isEqualTo("bin");
        assertThat(BodyFileNames.extension("../../etc")).isEqualTo("bin");
    }
}
