package io.urlfetcher.http;

import io.urlfetcher.cli.CommandRunner;
import io.urlfetcher.core.ExchangeProperties;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetch endpoint's producer sends the request camel-http would have built from CamelHttpUri. */
@Timeout(60)
class FetchHttpProducerTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().toString()
                    + (authorization == null ? "" : " " + authorization));
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theUrlFetcherHttpSchemeHasTheFetchProducerAndHttpStaysCamelsOwn() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();

            assertThat(context.getEndpoint("url-fetcher-http://url-fetcher.invalid?throwExceptionOnFailure=false"))
                    .isInstanceOf(FetchHttpEndpoint.class)
                    .satisfies(e -> assertThat(e.createProducer()).isInstanceOf(FetchHttpProducer.class));
            assertThat(context.getEndpoint("http://url-fetcher.invalid/x")).isInstanceOf(HttpEndpoint.class)
                    .satisfies(e -> assertThat(e.createProducer()).isNotInstanceOf(FetchHttpProducer.class));
        }
    }

    @Test
    void theTargetPropertyIsSentAsItIsAndWithoutItCamelHttpUriIs() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            Producer producer = context.getEndpoint("url-fetcher-http://url-fetcher.invalid?throwExceptionOnFailure=false")
                    .createProducer();
            producer.start();

            Exchange withTarget = new DefaultExchange(context);
            withTarget.setProperty(ExchangeProperties.REQUEST_TARGET, URI.create(base() + "/a/b?i=1&q=%C3%A9"));
            withTarget.getIn().setHeader(Exchange.HTTP_URI, base() + "/not-this");
            withTarget.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
            producer.process(withTarget);

            Exchange post = new DefaultExchange(context);
            post.setProperty(ExchangeProperties.REQUEST_TARGET, URI.create(base() + "/form"));
            post.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            post.getIn().setBody("x=1".getBytes(StandardCharsets.UTF_8));
            producer.process(post);

            Exchange withoutTarget = new DefaultExchange(context);
            withoutTarget.getIn().setHeader(Exchange.HTTP_URI, base() + "/~u/c?q=a~b");
            withoutTarget.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.HEAD);
            producer.process(withoutTarget);
            producer.stop();

            assertThat(withTarget.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
            assertThat(List.copyOf(seen)).containsExactly("GET /a/b?i=1&q=%C3%A9", "POST /form", "HEAD /%7Eu/c?q=a%7Eb");
        }
    }

    @Test
    void theServerSeesTheTargetsCamelHttpSent() throws IOException {
        Path list = Files.writeString(dir.resolve("urls.txt"), String.join("\n",
                base() + "/bytes/1k?i=1&q=%C3%A9",
                "http://ann:pw@127.0.0.1:" + server.getAddress().getPort() + "/auth?x=1#fragment",
                base() + "/~user/p?q=a~b",
                base() + "/caf\u00e9?q=\u00e9") + "\n");

        CommandRunner.Reported reported = CommandRunner.runWithReport(dir, "--urls", list.toString(), "--concurrency", "1");

        assertThat(reported.run().exitCode()).as(reported.run().stderr()).isZero();
        assertThat(reported.report().get("results")).extracting(r -> r.get("status").asInt()).containsOnly(200);
        assertThat(List.copyOf(seen)).containsExactly(
                "GET /bytes/1k?i=1&q=%C3%A9",
                "GET /auth?x=1 Basic YW5uOnB3", // ann:pw
                "GET /%7Euser/p?q=a%7Eb", // camel-http's escaping of '~', as before
                "GET /caf%C3%A9?q=%C3%A9");
        JsonNode first = reported.report().get("results").get(0);
        assertThat(first.get("url").asText()).isEqualTo(base() + "/bytes/1k?i=1&q=%C3%A9");
    }
}
