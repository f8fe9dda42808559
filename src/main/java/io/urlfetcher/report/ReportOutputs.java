package io.urlfetcher.report;

import io.urlfetcher.BatchReport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import java.io.IOException;

/** The Kamelet's {@code output} parameter: the report as JSON text, or as a JSON Lines stream. */
final class ReportOutputs {

    private static final ObjectWriter JSON = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private final JsonLinesFormatter jsonLines = new JsonLinesFormatter();

    public void toJson(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        BatchReport report = exchange.getMessage().getMandatoryBody(BatchReport.class);
        exchange.getMessage().setBody(JSON.writeValueAsString(report));
    }

    void toJsonLines(Exchange exchange) throws IOException, InvalidPayloadException {
        exchange.getMessage().setBody(jsonLines.format(exchange.getMessage().getMandatoryBody(BatchReport.class)));
    }
}
