package io.urlfetcher;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

import java.util.List;

/**
 * Turns a {@link UrlLine} message into a GET request for the one static camel-http endpoint:
 * the target goes in {@code CamelHttpUri} (one endpoint, one connection pool), the body is cleared
 * (camel-http sends POST for a non-empty body) and no header of the caller reaches the server.
 */
public final class HttpRequestPreparer implements Processor {

    private final UserAgents userAgents;
    private final List<RequestHeader> headers;
    private final FetchProgress progress;

    public HttpRequestPreparer(UserAgents userAgents, List<RequestHeader> headers, FetchProgress progress) {
        this.userAgents = userAgents;
        this.headers = List.copyOf(headers);
        this.progress = progress;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        UrlLine line = exchange.getMessage().getMandatoryBody(UrlLine.class);
        exchange.setProperty(ExchangeProperties.URL_LINE, line);
        exchange.setProperty(ExchangeProperties.TRACE, new FetchTrace());

        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(null);
        message.setHeader(Exchange.HTTP_URI, line.uri().toASCIIString());
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET); // the enum itself: a String would be converted per URL
        message.setHeader("User-Agent", userAgents.next());
        for (RequestHeader header : headers) {
            message.setHeader(header.name(), header.value());
        }
        exchange.setProperty(ExchangeProperties.REQUEST_START_NANOS, System.nanoTime());
        progress.requestStarted();
    }
}
