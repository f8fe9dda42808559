package io.urlfetcher.http;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.demo.LocalTargetServer;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSRF guard with names resolved in memory: {@code .invalid} names never reach a real DNS server,
 * and the guard judges the address a name resolves to, not the name.
 */
@CamelMainTest(configurationClasses = { FetchConfiguration.class, SsrfGuardTest.InMemoryDns.class },
               properties = { "fetch.block-private=true", "fetch.timeout=5s" })
@Timeout(30)
class SsrfGuardTest {

    /** Binds a resolver that knows a few names and parses IP literals, and sends nothing on the network. */
    public static class InMemoryDns implements CamelConfiguration {
        @BindToRegistry(FetchConfiguration.DNS_RESOLVER)
        public DnsResolver resolver() {
            Map<String, String> names = Map.of("intranet.invalid", "10.0.0.7", "metadata.invalid", "169.254.169.254",
                    "rebind.invalid", "127.0.0.1", "www.xn--bcher-kva.invalid", "127.0.0.1");
            return new DnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    String address = names.get(host);
                    if (address == null && !host.matches("[0-9.]+|.*:.*")) {
                        throw new UnknownHostException(host + ": unknown to the in-memory resolver");
                    }
                    return new InetAddress[] { InetAddress.getByName(address != null ? address : host) };
                }

                @Override
                public String resolveCanonicalHostname(String host) {
                    return host;
                }
            };
        }
    }

    @BeanInject
    ProducerTemplate template;

    @Test
    void namesThatResolveInsideAreBlockedBeforeAnyConnection() throws IOException {
        try (LocalTargetServer server = LocalTargetServer.start()) {
            int port = server.port();
            String list = String.join("\n",
                    "http://intranet.invalid/", "http://metadata.invalid/latest/meta-data/",
                    "http://rebind.invalid:" + port + "/bytes/1", "http://www.bücher.invalid:" + port + "/bytes/1",
                    "http://[::ffff:7f00:1]:" + port + "/bytes/1", "http://nowhere.invalid/",
                    "http://2130706433:" + port + "/bytes/1");

            BatchReport report = template.requestBody("direct:fetch-parallel", list, BatchReport.class);

            assertThat(report.results()).as(report.results().toString()).extracting(FetchResult::outcome).containsExactly(Outcome.BLOCKED,
                    Outcome.BLOCKED, Outcome.BLOCKED, Outcome.BLOCKED, Outcome.BLOCKED, Outcome.DNS_FAILURE,
                    Outcome.BLOCKED); // 2130706433 is 127.0.0.1 written as one decimal number
            assertThat(report.results().get(6).error()).contains("2130706433 resolves to 127.0.0.1, a loopback address");
            assertThat(report.results().get(1).error()).contains("169.254.169.254, a link-local address");
            assertThat(server.requestCount()).isZero();
        }
    }
}
