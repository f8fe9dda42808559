package io.urlfetcher.report;

import io.urlfetcher.core.BeanNames;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.builder.PredicateBuilder;

/**
 * Binds the beans of the report: the Kamelet's outputs ({@code reportOutput-report}, {@code -json}, {@code -jsonl})
 * and the batch's report sink's steps. Called by {@code FetchConfiguration.bind}.
 */
public final class ReportBeans {

    private ReportBeans() {
    }

    public static void bind(CamelContext context, ReportSettings report) {
        Registry registry = context.getRegistry();
        registry.bind(BeanNames.OUTPUT_PREFIX + "report", (Processor) exchange -> { });
        ReportOutputs outputs = new ReportOutputs();
        registry.bind(BeanNames.OUTPUT_PREFIX + "json", (Processor) outputs::toJson);
        registry.bind(BeanNames.OUTPUT_PREFIX + "jsonl", (Processor) outputs::toJsonLines);
        registry.bind(BeanNames.JSON_LINES_FORMATTER, new JsonLinesFormatter());
        registry.bind(BeanNames.JSON_LINES_REPORT, ReportSinkExpressions.jsonLines());
        registry.bind(BeanNames.MESSAGE_SINK, PredicateBuilder.constant(ReportSinkExpressions.isMessageSink(report.sinkUri())));
        registry.bind(BeanNames.REPORT_BYTE_COUNT, ReportSinkExpressions.countBytes());
    }
}
