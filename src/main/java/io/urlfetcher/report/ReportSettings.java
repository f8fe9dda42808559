package io.urlfetcher.report;

/**
 * Where and how a batch's report is written ({@code fetch.sink-uri}, {@code fetch.format}, {@code fetch.html}).
 *
 * @param sinkUri the Camel endpoint the report goes to
 * @param format  JSON or JSON Lines
 * @param html    the HTML waterfall's file, or empty for none
 */
public record ReportSettings(String sinkUri, ReportFormat format, String html) {
}
