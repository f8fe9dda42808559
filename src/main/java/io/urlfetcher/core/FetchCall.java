package io.urlfetcher.core;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The parameters of one call of the fetch flow, as the Kamelet was given them (a template bean of it), which it puts
 * in one exchange property ({@value ExchangeProperties#CALL}) as its first step: each URL's sub-exchange copies all of
 * its parent's properties, and one entry costs less to copy than six.
 *
 * @param concurrency  requests in flight at once; its mode follows (1 is sequential)
 * @param perHost      requests in flight to one host:port; -1 for {@code fetch.per-host}
 * @param rate         requests started per second; 0 for none, -1 for {@code fetch.rate}
 * @param hostFailures failures in a row that open a host's circuit breaker; 0 for none, -1 for {@code fetch.host-failures}
 * @param responseSink the endpoint each response is sent to; empty for {@code fetch.response-sink}
 * @param inputFormat  how the list is written: lines, jsonl or auto
 */
public record FetchCall(int concurrency, int perHost, int rate, int hostFailures, String responseSink,
                        String inputFormat) implements Processor {

    public FetchCall {
        responseSink = responseSink == null ? "" : responseSink;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.CALL, this);
    }

    /** The call an exchange of the flow belongs to; null outside the Kamelet. */
    public static FetchCall of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.CALL, FetchCall.class);
    }
}
