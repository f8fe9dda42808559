package io.urlfetcher.flow;

import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.FetchCall;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolitenessLimitsTest {

    private final PolitenessLimits limits = new PolitenessLimits(10_000, 0);

    @Test
    void aPerHostLimitBelowTheConcurrencyHolds() {
        assertThat(limits.perHostLimited().matches(call(50, 2))).isTrue();
        assertThat(limits.perHost().evaluate(call(50, 2), Integer.class)).isEqualTo(2);
    }

    @Test
    void aPerHostLimitAtOrAboveTheConcurrencyCannotHoldAnything() {
        assertThat(limits.perHostLimited().matches(call(50, 50))).isFalse();
        assertThat(limits.perHostLimited().matches(call(50, -1))).isFalse(); // the setting: 10,000
        assertThat(limits.perHostLimited().matches(call(10000, -1))).isFalse();
    }

    @Test
    void theLimitsAreGoneThroughOnlyWhenOneCanHoldARequestBack() {
        assertThat(limits.politenessLimited().matches(call(50, -1))).as("the default path").isFalse();
        assertThat(limits.politenessLimited().matches(call(50, 2))).isTrue();
        Exchange withRate = new DefaultExchange(new DefaultCamelContext());
        withRate.setProperty(ExchangeProperties.CALL, new FetchCall(50, -1, 5, -1, "", "lines"));
        assertThat(limits.politenessLimited().matches(withRate)).isTrue();
        assertThat(new PolitenessLimits(10_000, 3).politenessLimited().matches(call(50, -1))).as("fetch.rate").isTrue();
    }

    @Test
    void theSettingAppliesWhenTheCallGivesNone() {
        PolitenessLimits setting = new PolitenessLimits(4, 0);
        assertThat(setting.perHostLimited().matches(call(8, -1))).isTrue();
        assertThat(setting.perHostLimited().matches(call(4, -1))).isFalse();
    }

    @Test
    void withoutACallTheSettingsHoldWithNoKnownConcurrency() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        assertThat(new PolitenessLimits(3, 0).perHostLimited().matches(exchange)).isTrue();
        assertThat(new PolitenessLimits(3, 0).rateLimited().matches(exchange)).isFalse();
        assertThat(new PolitenessLimits(3, 5).rate().evaluate(exchange, Integer.class)).isEqualTo(5);
    }

    private static Exchange call(int concurrency, int perHost) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ExchangeProperties.CALL, new FetchCall(concurrency, perHost, -1, -1, "", "lines"));
        return exchange;
    }
}
