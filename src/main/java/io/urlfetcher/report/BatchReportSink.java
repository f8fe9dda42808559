package io.urlfetcher.report;

import io.urlfetcher.Report;
import io.urlfetcher.core.ExchangeProperties;
import io.urlfetcher.core.IoReason;
import io.urlfetcher.core.SecretRedactor;
import io.urlfetcher.core.StandardOutput;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What follows every batch run: the HTML waterfall (with {@code fetch.html}), then the report to the sink route. */
public final class BatchReportSink {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final CamelContext context;
    private final ReportSettings settings;

    public BatchReportSink(CamelContext context, ReportSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** @return where the report was written: the file, or the sink URI (without any password) */
    public String write(Report report) {
        return write(report, "url-fetcher-" + stamp(Instant.now()));
    }

    /** Like {@code 20261208-011500-042}: the UTC time in a file name, sorting in time order. */
    public static String stamp(Instant time) {
        return FILE_STAMP.format(time.atZone(ZoneOffset.UTC));
    }

    /**
     * @param fileStem the report's file name without its extension, in a {@code file:} sink whose URI sets no
     *                 {@code fileName}
     * @return where the report was written: the file, or the sink URI (without any password)
     */
    public String write(Report report, String fileStem) {
        if (!settings.html().isEmpty()) { // before the sink: a spooled report's file is read (and gone) there
            writeWaterfall(report);
        }
        ProducerTemplate template = context.createProducerTemplate();
        try {
            return sink(template, report, fileStem);
        } finally {
            template.stop();
        }
    }

    private void writeWaterfall(Report report) {
        try {
            HtmlWaterfall.write(report, Path.of(settings.html()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not write the HTML waterfall to " + settings.html() + ": " + e.getMessage(), e);
        }
    }

    private String sink(ProducerTemplate template, Report report, String fileStem) {
        String extension = settings.format().extension();
        String fileName = fileStem + "." + extension;
        ReportFile reportFile = ReportFile.of(context, settings.sinkUri(), fileName);
        Exchange sent = template.send("direct:report-sink", ExchangePattern.InOnly, exchange -> {
            exchange.setProperty(ExchangeProperties.REPORT_FORMAT, extension);
            exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
            exchange.getMessage().setBody(report);
        });
        if (sent.getException() != null && reportFile != null) {
            // A full disk or a folder gone read-only: no partial report under the final name, no temporary file.
            String left = reportFile.removeAfterFailedWrite();
            throw new IllegalStateException("could not write the report to " + SecretRedactor.redact(reportFile.target().toString())
                    + ": " + IoReason.of(sent.getException()) + (left.isEmpty() ? "; no part of it was left on disk"
                    : "; could not delete " + SecretRedactor.redact(left)), sent.getException());
        }
        Long expected = sent.getProperty(ExchangeProperties.REPORT_BYTES, Long.class);
        String shortWrite = sent.getException() == null && reportFile != null && expected != null
                ? reportFile.shortWrite(expected) : null;
        if (shortWrite != null) {
            throw new IllegalStateException("could not write the report to "
                    + SecretRedactor.redact(reportFile.target().toString()) + ": " + SecretRedactor.redact(shortWrite));
        }
        if (sent.getException() != null) {
            throw new IllegalStateException("could not write the report to " + SecretRedactor.redact(settings.sinkUri())
                    + ": " + SecretRedactor.redact(sent.getException().getMessage()), sent.getException());
        }
        String file = sent.getMessage().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
        return file != null ? file : StandardOutput.isSink(settings.sinkUri()) ? "standard output"
                : SecretRedactor.redact(settings.sinkUri());
    }
}
