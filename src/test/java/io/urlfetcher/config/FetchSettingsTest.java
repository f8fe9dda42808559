package io.urlfetcher.config;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.FetchMode;
import io.urlfetcher.core.RequestHeader;
import io.urlfetcher.http.HttpSettings;
import io.urlfetcher.http.TlsSettings;
import io.urlfetcher.report.ReportFormat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetchSettingsTest {

    private static FetchSettings settings(Map<String, String> properties) {
        return FetchSettings.from(key -> Optional.ofNullable(properties.get(key)));
    }

    @Test
    void readsEveryProperty() {
        FetchSettings s = settings(Map.of("fetch.mode", "compare", "fetch.concurrency", "50", "fetch.timeout", "2m",
                "fetch.headers", "X-Api-Key: abc\nAuthorization: Bearer t0k3n", "fetch.format", "jsonl"));

        assertThat(s.run().mode()).isEqualTo(FetchMode.COMPARE);
        assertThat(s.run().concurrency()).isEqualTo(50);
        assertThat(s.http().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.report().format()).isEqualTo(ReportFormat.JSONL);
        assertThat(s.http().headers()).containsExactly(new RequestHeader("X-Api-Key", "abc"),
                new RequestHeader("Authorization", "Bearer t0k3n"));
        assertThat(s.http().headers().get(1).toString()).isEqualTo("Authorization: ***");
    }

    @Test
    void invalidValuesNameThePropertyAndTheFix() {
        assertThatThrownBy(() -> settings(Map.of("fetch.concurrency", "lots")))
                .hasMessage("invalid fetch.concurrency = 'lots': expected a whole number");
        assertThatThrownBy(() -> settings(Map.of("fetch.concurrency", "0")))
                .hasMessageStartingWith("invalid fetch.concurrency = '0': concurrency must be 1 or more");
        assertThatThrownBy(() -> settings(Map.of("fetch.mode", "fast")))
                .hasMessage("invalid fetch.mode = 'fast': use sequential, parallel, compare or distributed");
    }

    @Test
    void aConcurrencyAboveTheCeilingIsRefusedNamingBothAndTheSettingToRaise() {
        assertThatThrownBy(() -> settings(Map.of("fetch.concurrency", "1001")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid fetch.concurrency = '1001': concurrency 1001 is above fetch.max-concurrency 1000: lower"
                            + " the concurrency, or raise fetch.max-concurrency (--max-concurrency) to at least 1001");
        assertThat(settings(Map.of("fetch.concurrency", "1001", "fetch.max-concurrency", "2000")).run().concurrency())
                .isEqualTo(1001);
    }

    @Test
    void thePerHostLimitIsNotCappedAtTheConcurrency() {
        assertThat(settings(Map.of("fetch.concurrency", "4", "fetch.per-host", "8")).run().perHost()).isEqualTo(8);
    }

    @Test
    void hostCircuitBreakersDefaultToFiveFailuresAndThirtySeconds() {
        assertThat(settings(Map.of()).http()).extracting(HttpSettings::hostFailures, HttpSettings::hostCooldown)
                .containsExactly(5, Duration.ofSeconds(30));
        assertThat(settings(Map.of("fetch.host-failures", "0", "fetch.host-cooldown", "500ms")).http())
                .extracting(HttpSettings::hostFailures, HttpSettings::hostCooldown)
                .containsExactly(0, Duration.ofMillis(500));
        assertThatThrownBy(() -> settings(Map.of("fetch.host-failures", "-1")))
                .hasMessage("invalid fetch.host-failures = '-1': must be 0 or more");
        assertThatThrownBy(() -> settings(Map.of("fetch.host-cooldown", "0s")))
                .hasMessage("invalid fetch.host-cooldown = '0s': must be more than zero");
    }

    @Test
    void aMalformedHeaderDoesNotEchoItsValue() {
        assertThatThrownBy(() -> settings(Map.of("fetch.headers", "Authorization Bearer s3cr3t")))
                .hasMessageNotContaining("s3cr3t")
                .hasMessageStartingWith("invalid fetch.headers = '(hidden)'");
    }

    @Test
    void anUnusableProxyIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> settings(Map.of("fetch.proxy", "socks5://me:pr0xy-pw@proxy:1080")))
                .hasMessageNotContaining("pr0xy-pw")
                .hasMessageStartingWith("invalid fetch.proxy = 'socks5://me:***@proxy:1080'")
                .hasMessageContaining("only http:// proxies");
        assertThatThrownBy(() -> settings(Map.of("fetch.proxy", "me:pr0xy-pw@proxy:99999")))
                .hasMessageNotContaining("pr0xy-pw");
        assertThat(settings(Map.of("fetch.proxy", "http://proxy:3128", "fetch.no-proxy", ".corp", "fetch.allow-downgrade", "true")).http())
                .extracting(HttpSettings::proxy, HttpSettings::noProxy, HttpSettings::allowDowngrade)
                .containsExactly("http://proxy:3128", ".corp", true);
    }

    @Test
    void theGraceAfterAStopIsFiveSecondsUnlessSetAndMayBeZero() {
        assertThat(settings(Map.of()).run().grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings(Map.of("fetch.grace", "1s")).run().grace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings(Map.of("fetch.grace", "0s")).run().grace()).isZero();
        assertThatThrownBy(() -> settings(Map.of("fetch.grace", "soon"))).hasMessageStartingWith("invalid fetch.grace = 'soon'");
    }

    @Test
    void tlsSettingsDefaultToTheJdksTrustAndNeverPrintTheCertificatePassword() {
        TlsSettings defaults = settings(Map.of()).http().tls();
        TlsSettings given = settings(Map.of("fetch.cacert", "ca.pem", "fetch.insecure", "true", "fetch.cert", "me.p12",
                "fetch.cert-password", "s3cr3t-p12", "fetch.tls-handshake-timeout", "500ms")).http().tls();

        assertThat(defaults).isEqualTo(new TlsSettings("", false, false, "", "", "", Duration.ofSeconds(3)));
        assertThat(given.cacert()).isEqualTo("ca.pem");
        assertThat(given.insecure()).isTrue();
        assertThat(given.password()).isEqualTo("s3cr3t-p12");
        assertThat(given.handshakeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(given.toString()).doesNotContain("s3cr3t-p12");
        assertThat(settings(Map.of("fetch.cert-password", "s3cr3t-p12")).toString()).doesNotContain("s3cr3t-p12");
    }
}
