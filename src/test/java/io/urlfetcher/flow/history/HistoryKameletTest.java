package io.urlfetcher.flow.history;

import io.urlfetcher.BatchReport;
import io.urlfetcher.Change;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.config.FetchConfiguration;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedding host that calls the Kamelet with its history parameter: the history outlives a call, and the response
 * sink gets only the pages that changed, each with its FetchChange header.
 */
@Timeout(60)
class HistoryKameletTest {

    @TempDir
    Path dir;

    private HistoryServer server;
    private DefaultCamelContext host;
    private ProducerTemplate producer;
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHost() throws Exception {
        server = HistoryServer.start();
        host = new DefaultCamelContext();
        host.getPropertiesComponent().addInitialProperty("fetch.allow-private",
                server.url("").replaceAll("^http://|/$", ""));
        FetchConfiguration.bind(host);
        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:pages").to("kamelet:url-fetch-action?concurrency=2&responseSink=seda:changed&history=RAW("
                        + dir.resolve("history") + ")");
                from("direct:pages-without-history").to("kamelet:url-fetch-action?concurrency=2");
                from("seda:changed").process(exchange -> delivered.add(exchange.getMessage().getHeader("FetchUrl", String.class)
                        .replaceAll(".*/", "") + " " + exchange.getMessage().getHeader("FetchChange", String.class) + " "
                        + exchange.getMessage().getBody(String.class).strip()));
            }
        });
        host.start();
        producer = host.createProducerTemplate();
    }

    @AfterEach
    void stopHost() throws Exception {
        host.close();
        server.close();
    }

    @Test
    void aSecondCallSendsOnlyTheChangedPageToTheResponseSink() {
        String list = server.url("/etag/a") + "\n" + server.url("/plain/b") + "\n";
        BatchReport first = producer.requestBody("direct:pages", list, BatchReport.class);
        assertThat(first.results()).extracting(FetchResult::change).containsExactly(Change.NEW, Change.NEW);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactlyInAnyOrder("a new page a version 1", "b new page b version 1");
        delivered.clear();

        server.change("b");
        BatchReport second = producer.requestBody("direct:pages", list, BatchReport.class);

        assertThat(second.results()).extracting(FetchResult::outcome).containsExactly(Outcome.NOT_MODIFIED, Outcome.OK);
        assertThat(second.results()).extracting(FetchResult::change).containsExactly(Change.UNCHANGED, Change.CHANGED);
        assertThat(second.changes()).containsEntry(Change.UNCHANGED, 1L).containsEntry(Change.CHANGED, 1L);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !delivered.isEmpty());
        assertThat(delivered).containsExactly("b changed page b version 2");

        BatchReport without = producer.requestBody("direct:pages-without-history", list, BatchReport.class);
        assertThat(without.results()).extracting(FetchResult::change).containsOnlyNulls();
        assertThat(without.changes()).isNull();
    }
}
