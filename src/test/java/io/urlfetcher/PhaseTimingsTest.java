package io.urlfetcher;

import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.config.FetchConfiguration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Phase timings of real requests to a real HTTP server on 127.0.0.1, through the camel-main set-up. */
@CamelMainTest(configurationClasses = FetchConfiguration.class,
               properties = { "fetch.concurrency=4", "fetch.timeout=10s", "fetch.max-redirects=3", "fetch.retries=1",
                              "fetch.retry-backoff=20ms" })
@Timeout(60)
class PhaseTimingsTest {

    @BeanInject
    ProducerTemplate template;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private BatchReport fetch(String mode, String... urls) {
        return template.requestBody("direct:fetch-" + mode, String.join("\n", urls), BatchReport.class);
    }

    private static double sumOfPhases(PhaseTimings t) {
        return Stream.of(t.dns(), t.connect(), t.tls(), t.firstByte(), t.download())
                .filter(phase -> phase != null).mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void thePhasesAddUpToTheTotalAndTheServersWaitIsTheFirstByte() {
        BatchReport report = fetch("parallel", server.url("/delay/200"), server.url("/bytes/100000"),
                server.url("/status/404"), server.url("/redirect/2"));

        assertThat(report.results()).allSatisfy(result -> {
            PhaseTimings t = result.timings();
            assertThat(t).as(result.url()).isNotNull();
            assertThat(sumOfPhases(t)).as(result.url()).isCloseTo(t.total(), within(2.0));
            assertThat(t.total()).as(result.url()).isLessThanOrEqualTo(result.millis() + 1);
        });
        PhaseTimings delayed = report.results().get(0).timings();
        assertThat(delayed.firstByte()).isGreaterThanOrEqualTo(200.0);
        assertThat(delayed.tls()).as("http has no TLS").isNull();
        assertThat(delayed.before()).as("one hop").isNull();
        // The summary's first-byte percentiles come from the same timings.
        assertThat(report.firstByte().max()).isGreaterThanOrEqualTo(200).isLessThanOrEqualTo(report.latency().max());
    }

    @Test
    void aSlowBodySpendsItsTimeInTheDownload() {
        PhaseTimings drip = fetch("sequential", server.url("/drip/1")).results().get(0).timings();

        // 1000 bytes, one a millisecond, after an immediate response head
        assertThat(drip.download()).isGreaterThan(900.0).isGreaterThan(0.8 * drip.total());
        assertThat(drip.firstByte()).isLessThan(drip.download());
    }

    @Test
    void theFirstRequestToAHostOpensAConnectionAndTheNextOneReusesIt() {
        BatchReport report = fetch("sequential", server.url("/bytes/10"), server.url("/bytes/10"));

        PhaseTimings first = report.results().get(0).timings();
        assertThat(first.reused()).isFalse();
        assertThat(first.dns()).as("127.0.0.1 is not resolved").isNull();
        assertThat(first.connect()).isNotNull();
        assertThat(first.tls()).isNull();
        PhaseTimings second = report.results().get(1).timings();
        assertThat(second.reused()).isTrue();
        assertThat(second.dns()).isNull();
        assertThat(second.connect()).isNull();
        assertThat(second.tls()).isNull();
        assertThat(second.firstByte()).isNotNull();
    }

    @Test
    void aHostNameIsResolvedAndAnIpAddressIsNot() {
        String byName = server.url("/bytes/10").replace("127.0.0.1", "localhost");
        BatchReport report = fetch("sequential", byName, server.url("/bytes/10").replace("127.0.0.1", "[::ffff:127.0.0.1]"));

        PhaseTimings named = report.results().get(0).timings();
        assertThat(named.reused()).isFalse();
        assertThat(named.dns()).as("localhost is resolved").isNotNull();
        PhaseTimings literal = report.results().get(1).timings();
        assertThat(literal.reused()).as("another host name: its own connection").isFalse();
        assertThat(literal.dns()).as("an IPv6 literal is not").isNull();
        assertThat(literal.connect() + literal.firstByte() + literal.download()).isCloseTo(literal.total(),
                org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void aRedirectChainIsTimedByItsFinalHopAndBeforeCoversTheHopsAheadOfIt() {
        FetchResult result = fetch("sequential", server.url("/redirect/3")).results().get(0);

        assertThat(result.redirects()).isEqualTo(3);
        PhaseTimings t = result.timings();
        assertThat(t.before()).isPositive();
        // before + total is the URL's time but what recording the result took; millis is truncated to the ms
        assertThat(t.before() + t.total()).isLessThanOrEqualTo(result.millis() + 1)
                .isCloseTo(result.millis(), within(25.0));
        assertThat(t.download()).as("the final hop's 10 bytes").isNotNull();
    }

    @Test
    void aRetriedRequestIsTimedByItsLastAttemptAndBeforeCoversTheFirstAndTheWait() {
        FetchResult result = fetch("sequential", server.url("/status/503")).results().get(0);

        assertThat(result.attempts()).isEqualTo(2);
        PhaseTimings t = result.timings();
        // the first attempt, then a back-off of half to all of 20 ms
        assertThat(t.before()).isGreaterThanOrEqualTo(10.0);
        assertThat(t.before() + t.total()).isLessThanOrEqualTo(result.millis() + 1);
        assertThat(t.firstByte()).isNotNull();
    }

    @Test
    void aRefusedConnectionIsTimedUpToTheFailure() throws IOException {
        int refusedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusedPort = socket.getLocalPort();
        }
        FetchResult refused = fetch("sequential", "http://127.0.0.1:" + refusedPort + "/").results().get(0);

        assertThat(refused.outcome()).isEqualTo(Outcome.CONNECTION_REFUSED);
        PhaseTimings t = refused.timings();
        assertThat(t.reused()).isFalse();
        assertThat(t.connect()).as("the phase that failed").isNotNull();
        assertThat(t.firstByte()).isNull();
        assertThat(t.download()).isNull();
        assertThat(sumOfPhases(t)).isCloseTo(t.total(), within(2.0));
    }

    @Test
    void aLineThatIsNeverRequestedHasNoTimings() {
        assertThat(fetch("sequential", "not a url").results().get(0).timings()).isNull();
    }

    @Test
    void timingsSurviveAJsonRoundTripAsADistributedBatchMakesIt() throws IOException {
        FetchResult result = fetch("sequential", server.url("/bytes/10")).results().get(0);
        ObjectMapper json = new ObjectMapper();

        String text = json.writeValueAsString(result);

        assertThat(text).contains("\"timings\":{\"before\":null,\"dns\":");
        assertThat(json.readValue(text, FetchResult.class)).isEqualTo(result);
    }
}
