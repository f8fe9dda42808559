package io.urlfetcher.report;

import io.urlfetcher.core.BeanNames;
import io.urlfetcher.core.StandardOutput;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.builder.PredicateBuilder;

/**
 * The beans of the report: {@link #bind} binds the batch's report sink's steps (routes/fetch-batch.yaml), called by
 * {@code FetchConfiguration.bind}; {@link #output} makes the Kamelet's reply step, one of its template beans.
 */
public final class ReportBeans {

    private ReportBeans() {
    }

    public static void bind(CamelContext context, ReportSettings report) {
        Registry registry = context.getRegistry();
        registry.bind(BeanNames.JSON_LINES_FORMATTER, new JsonLinesFormatter());
        registry.bind(BeanNames.JSON_LINES_REPORT, ReportSinkExpressions.jsonLines());
        registry.bind(BeanNames.MESSAGE_SINK, PredicateBuilder.constant(ReportSinkExpressions.isMessageSink(report.sinkUri())));
        registry.bind(BeanNames.REPORT_BYTE_COUNT, ReportSinkExpressions.countBytes());
        registry.bind(BeanNames.STANDARD_OUTPUT, (Processor) exchange ->
                StandardOutput.writeLine(exchange.getMessage().getMandatoryBody(String.class)));
    }

    /** The Kamelet's {@code output} parameter: the report object as it is, as JSON text, or as JSON Lines. */
    public static Processor output(String output) {
        ReportOutputs outputs = new ReportOutputs();
        return switch (output) {
            case "report" -> exchange -> { };
            case "json" -> outputs::toJson;
            case "jsonl" -> outputs::toJsonLines;
            default -> throw new IllegalArgumentException("output must be report, json or jsonl, not " + output);
        };
    }
}
