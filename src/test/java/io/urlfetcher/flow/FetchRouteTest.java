package io.urlfetcher.flow;

import io.urlfetcher.BatchReport;
import io.urlfetcher.config.FetchConfiguration;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.cli.demo.LocalServerExtension;
import io.urlfetcher.cli.demo.LocalTargetServer;
import io.urlfetcher.http.UserAgents;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The YAML routes through the real camel-main set-up, against a real HTTP server on 127.0.0.1. */
@CamelMainTest(configurationClasses = FetchConfiguration.class,
               properties = { "fetch.concurrency=4", "fetch.timeout=5s", "fetch.max-redirects=3" })
@Timeout(60)
class FetchRouteTest {

    @BeanInject
    ProducerTemplate template;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private BatchReport fetch(String mode, String urlList) {
        return template.requestBody("direct:fetch-" + mode, urlList, BatchReport.class);
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    @Test
    void everyLineGetsOneResultInInputOrderWithItsOutcome() throws IOException {
        int refusedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusedPort = socket.getLocalPort();
        }
        String list = String.join("\n",
                "# a comment, skipped",
                url("/delay/200"),
                url("/status/404"),
                "",
                url("/status/500"),
                "http://127.0.0.1:" + refusedPort + "/nothing-listens-here",
                "ftp://127.0.0.1/file.txt",
                "not a url",
                url("/bytes/12345?a=1&b=two"),
                url("/redirect/2"),
                url("/redirect/10"));

        BatchReport report = fetch("parallel", list);

        assertThat(report.results()).extracting(FetchResult::index, FetchResult::line, FetchResult::outcome,
                FetchResult::status).containsExactly(
                        tuple(0, 2, Outcome.OK, 200),
                        tuple(1, 3, Outcome.HTTP_ERROR, 404),
                        tuple(2, 5, Outcome.HTTP_ERROR, 500),
                        tuple(3, 6, Outcome.CONNECTION_REFUSED, null),
                        tuple(4, 7, Outcome.UNSUPPORTED_SCHEME, null),
                        tuple(5, 8, Outcome.INVALID_URL, null),
                        tuple(6, 9, Outcome.OK, 200),
                        tuple(7, 10, Outcome.OK, 200),
                        tuple(8, 11, Outcome.REDIRECT_LIMIT, null));
        assertThat(report.results().get(6).bytes()).isEqualTo(12345);
        assertThat(report.results().get(6).contentType()).isEqualTo("application/octet-stream");
        assertThat(report.results().get(1).error()).isEqualTo("HTTP 404");
        assertThat(report.results().get(4).error()).startsWith("line 7: scheme 'ftp'");
        assertThat(report.results().get(5).error()).startsWith("line 8: not a valid URL");
        assertThat(report.urls()).isEqualTo(9);
        assertThat(report.outcomes()).containsEntry(Outcome.OK, 3L).containsEntry(Outcome.HTTP_ERROR, 2L)
                .containsEntry(Outcome.CONNECTION_REFUSED, 1L).containsEntry(Outcome.UNSUPPORTED_SCHEME, 1L)
                .containsEntry(Outcome.INVALID_URL, 1L).containsEntry(Outcome.REDIRECT_LIMIT, 1L);
    }

    @Test
    void sendsGetWithNoBodyAndKeepsTheQueryString() {
        fetch("parallel", url("/bytes/10?a=1&b=two") + "\n" + url("/status/503"));

        assertThat(server.received()).hasSize(2)
                .allSatisfy(request -> {
                    assertThat(request.method()).isEqualTo("GET");
                    assertThat(request.bodyBytes()).isZero();
                    assertThat(UserAgents.BROWSERS).contains(request.userAgent());
                });
        assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::query)
                .containsOnlyOnce("a=1&b=two");
    }

    @Test
    void parallelRunReachesTheRequestedConcurrencyAndNoMore() {
        String list = IntStream.range(0, 12).mapToObj(i -> url("/delay/300")).collect(Collectors.joining("\n"));

        BatchReport report = fetch("parallel", list);

        assertThat(server.peakInFlight()).isEqualTo(4);
        assertThat(server.requestCount()).isEqualTo(12);
        assertThat(report.concurrency()).isEqualTo(4);
        assertThat(report.results()).extracting(FetchResult::index).containsExactlyElementsOf(
                IntStream.range(0, 12).boxed().toList());
        assertThat(report.results()).extracting(FetchResult::thread).doesNotContainNull();
        assertThat(report.results().stream().map(FetchResult::thread).distinct().count()).isEqualTo(4);
    }

    @Test
    void sequentialRunHasOneRequestInFlightInInputOrder() {
        String list = IntStream.range(0, 5).mapToObj(i -> url("/delay/" + (50 - i * 10)))
                .collect(Collectors.joining("\n"));

        BatchReport report = fetch("sequential", list);

        assertThat(server.peakInFlight()).isEqualTo(1);
        assertThat(report.concurrency()).isEqualTo(1);
        assertThat(server.received()).extracting(LocalTargetServer.ReceivedRequest::path)
                .containsExactly("/delay/50", "/delay/40", "/delay/30", "/delay/20", "/delay/10");
        List<FetchResult> results = report.results();
        for (int i = 1; i < results.size(); i++) {
            FetchResult previous = results.get(i - 1);
            assertThat(results.get(i).startMillis()).isGreaterThanOrEqualTo(previous.startMillis() + previous.millis());
        }
    }

    @Test
    void aPasswordInAUrlNeverReachesTheReport() {
        String list = "http://alice:hunter2@127.0.0.1:" + server.port() + "/status/401\n"
                      + "ftp://bob:swordfish@127.0.0.1/x\nhttp://carol:letmein@[bad/";

        BatchReport report = fetch("parallel", list);

        assertThat(report.results()).hasSize(3);
        assertThat(report.results().toString()).doesNotContain("hunter2", "swordfish", "letmein");
        assertThat(report.results().get(0).url()).isEqualTo("http://alice:***@127.0.0.1:" + server.port() + "/status/401");
    }

    @Test
    void anEmptyListGivesAnEmptyReport() {
        BatchReport report = fetch("parallel", "# nothing to fetch\n\n");

        assertThat(report.results()).isEmpty();
        assertThat(report.urls()).isZero();
        assertThat(server.requestCount()).isZero();
    }
}
