package io.urlfetcher.http;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which proxy a target gets, from the settings and the environment, as curl decides it. */
class ProxyRulesTest {

    private static Optional<String> proxyFor(ProxyRules rules, String url) {
        java.net.URI uri = java.net.URI.create(url);
        return rules.forTarget(uri.getScheme(), uri.getHost(), uri.getPort()).map(ProxyRules.Proxy::toString);
    }

    private static ProxyRules fromEnvironment(Map<String, String> environment) {
        return ProxyRules.from("", "", environment::get);
    }

    @Test
    void httpProxyIsReadInLowerCaseOnlyAndHttpsProxyInBothLowerCaseFirst() {
        ProxyRules upperOnly = fromEnvironment(Map.of("HTTP_PROXY", "http://upper:1", "HTTPS_PROXY", "http://secure:2"));
        assertThat(proxyFor(upperOnly, "http://example.com/")).as("HTTP_PROXY is ignored, as curl does").isEmpty();
        assertThat(proxyFor(upperOnly, "https://example.com/")).contains("http://secure:2");

        ProxyRules both = fromEnvironment(Map.of("http_proxy", "lower:3", "https_proxy", "http://a:4", "HTTPS_PROXY", "http://b:5"));
        assertThat(proxyFor(both, "http://example.com/")).contains("http://lower:3");
        assertThat(proxyFor(both, "https://example.com/")).as("lower case wins").contains("http://a:4");
    }

    @Test
    void allProxyIsTheFallbackAndTheSettingOverridesTheEnvironment() {
        Map<String, String> environment = Map.of("ALL_PROXY", "http://all:6", "https_proxy", "http://secure:7");
        assertThat(proxyFor(fromEnvironment(environment), "http://example.com/")).contains("http://all:6");
        assertThat(proxyFor(fromEnvironment(environment), "https://example.com/")).contains("http://secure:7");

        ProxyRules given = ProxyRules.from("given.example:8080", "", environment::get);
        assertThat(proxyFor(given, "http://example.com/")).contains("http://given.example:8080");
        assertThat(proxyFor(given, "https://example.com/")).contains("http://given.example:8080");
        assertThat(proxyFor(ProxyRules.from("proxy.example", "", k -> null), "http://a/")).as("curl's default port")
                .contains("http://proxy.example:1080");
        assertThat(fromEnvironment(Map.of()).any()).isFalse();
    }

    @Test
    void noProxyMatchesNamesDomainsIpsRangesPortsAndStar() {
        ProxyRules rules = ProxyRules.from("http://proxy:3128",
                "internal.example, .corp.example,10.0.0.0/8 ::1, 192.168.1.5, api.example:8443", k -> null);

        assertThat(proxyFor(rules, "http://internal.example/")).isEmpty();
        assertThat(proxyFor(rules, "http://www.internal.example/")).as("a subdomain").isEmpty();
        assertThat(proxyFor(rules, "http://notinternal.example/")).isPresent();
        assertThat(proxyFor(rules, "http://corp.example/")).as("a leading dot matches the domain itself too").isEmpty();
        assertThat(proxyFor(rules, "http://a.b.corp.example/")).isEmpty();
        assertThat(proxyFor(rules, "http://10.1.2.3/")).isEmpty();
        assertThat(proxyFor(rules, "http://11.1.2.3/")).isPresent();
        assertThat(proxyFor(rules, "http://[::1]:8080/")).isEmpty();
        assertThat(proxyFor(rules, "http://192.168.1.5/")).isEmpty();
        assertThat(proxyFor(rules, "https://api.example:8443/")).isEmpty();
        assertThat(proxyFor(rules, "https://api.example/")).as("another port").isPresent();
        assertThat(proxyFor(rules, "http://INTERNAL.example./")).as("case and a trailing dot").isEmpty();

        assertThat(proxyFor(ProxyRules.from("http://proxy:3128", "*", k -> null), "http://any.example/")).isEmpty();
    }

    @Test
    void noProxyComesFromTheEnvironmentUnlessGiven() {
        Map<String, String> environment = Map.of("https_proxy", "http://p:1", "NO_PROXY", "direct.example",
                "no_proxy", "lower.example");
        assertThat(proxyFor(fromEnvironment(environment), "https://lower.example/")).isEmpty();
        assertThat(proxyFor(fromEnvironment(environment), "https://direct.example/")).as("no_proxy wins over NO_PROXY").isPresent();
        ProxyRules given = ProxyRules.from("", "other.example", environment::get);
        assertThat(proxyFor(given, "https://lower.example/")).as("--noproxy replaces the variable").isPresent();
        assertThat(proxyFor(given, "https://other.example/")).isEmpty();
    }

    @Test
    void credentialsAreDecodedAndRedacted() {
        ProxyRules.Proxy proxy = ProxyRules.parse("http://us%40er:p%3Ass@proxy:3128", "test");
        assertThat(proxy.user()).isEqualTo("us@er");
        assertThat(proxy.password()).isEqualTo("p:ss");
        assertThat(proxy.toString()).isEqualTo("http://proxy:3128");
        assertThat(ProxyRules.redact("http://user:secret@proxy:3128")).isEqualTo("http://user:***@proxy:3128");
        assertThat(ProxyRules.redact("user:secret@proxy:3128")).isEqualTo("user:***@proxy:3128");
    }

    @Test
    void unsupportedProxiesAreRefusedWithoutTheirPassword() {
        assertThatThrownBy(() -> ProxyRules.from("socks5://user:secret@proxy:1080", "", k -> null))
                .hasMessageContaining("only http:// proxies").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> fromEnvironment(Map.of("https_proxy", "http://proxy:99999")))
                .hasMessageContaining("https_proxy").hasMessageContaining("port");
    }
}
