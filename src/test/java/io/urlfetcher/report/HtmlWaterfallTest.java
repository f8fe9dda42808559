package io.urlfetcher.report;

import io.urlfetcher.BatchReport;
import io.urlfetcher.CompareReport;
import io.urlfetcher.FetchMode;
import io.urlfetcher.FetchResult;
import io.urlfetcher.LatencySummary;
import io.urlfetcher.Outcome;
import io.urlfetcher.PhaseTimings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

class HtmlWaterfallTest {

    private static final Pattern BAR = Pattern.compile(
            "<rect class=\"bar outcome-([a-z_]+)\" x=\"([\\d.]+)\" y=\"[\\d.]+\" width=\"([\\d.]+)\"[^>]*><title>([^<]*)</title>");
    private static final Pattern EXTERNAL_REFERENCE = Pattern.compile(
            "(?i)(\\b(src|href|xlink:href|action|poster|data)\\s*=\\s*[\"']?\\s*(https?:|//))"
            + "|(url\\(\\s*[\"']?\\s*(https?:|//))|@import|<script|<link|<iframe|<object|<embed");

    @Test
    void drawsOneBarPerResultInIndexOrder() {
        BatchReport report = batch(FetchMode.PARALLEL, 500, List.of(
                result(2, 3, Outcome.OK, 200, 0, 100),
                result(0, 1, Outcome.HTTP_ERROR, 404, 10, 50),
                result(1, 2, Outcome.TIMEOUT, null, 20, 400)));

        List<Bar> bars = bars(HtmlWaterfall.render(report));

        assertThat(bars).extracting(Bar::outcome).containsExactly("http_error", "timeout", "ok");
        assertThat(bars).extracting(Bar::title).containsExactly(
                "line 1 · http_error · 404 · 50 ms", "line 2 · timeout · - · 400 ms", "line 3 · ok · 200 · 100 ms");
    }

    @Test
    void barsStartAtStartMillisAndAreAsWideAsMillisOnOneScale() {
        BatchReport report = batch(FetchMode.PARALLEL, 1000, List.of(
                result(0, 1, Outcome.OK, 200, 0, 200),
                result(1, 2, Outcome.OK, 200, 100, 400),
                result(2, 3, Outcome.OK, 200, 600, 300)));

        List<Bar> bars = bars(HtmlWaterfall.render(report));

        double pixelsPerMilli = bars.get(0).width() / 200;
        double origin = bars.get(0).x();
        assertThat(pixelsPerMilli).isPositive();
        assertThat(bars.get(1).x()).isCloseTo(origin + 100 * pixelsPerMilli, within(0.02));
        assertThat(bars.get(1).width()).isCloseTo(400 * pixelsPerMilli, within(0.02));
        assertThat(bars.get(2).x()).isCloseTo(origin + 600 * pixelsPerMilli, within(0.02));
        assertThat(bars.get(2).width()).isCloseTo(300 * pixelsPerMilli, within(0.02));
    }

    @Test
    void aRequestsPhasesAreDrawnInsideItsBarOneAfterAnotherInALegendsColours() {
        FetchResult redirected = result(0, 1, Outcome.OK, 200, 100, 400)
                .withTimings(new PhaseTimings(100.0, 10.0, 20.0, null, 200.0, 60.0, 290.0, false));
        BatchReport report = batch(FetchMode.SEQUENTIAL, 1000, List.of(redirected));

        String html = HtmlWaterfall.render(report);

        Bar bar = bars(html).get(0);
        double pixelsPerMilli = bar.width() / 400;
        List<Bar> phases = Pattern.compile("<rect class=\"phase phase-([a-z-]+)\" x=\"([\\d.]+)\" y=\"[\\d.]+\" "
                                           + "width=\"([\\d.]+)\"[^>]*><title>([^<]*)</title>").matcher(html).results()
                .map(m -> new Bar(m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), m.group(4)))
                .toList();
        assertThat(phases).extracting(Bar::outcome).containsExactly("before", "dns", "connect", "first-byte", "download");
        assertThat(phases.get(0).x()).isCloseTo(bar.x(), within(0.02));
        double[] millis = { 100, 10, 20, 200, 60 };
        for (int i = 0; i < phases.size(); i++) {
            assertThat(phases.get(i).width()).isCloseTo(millis[i] * pixelsPerMilli, within(0.02));
            if (i > 0) {
                assertThat(phases.get(i).x()).isCloseTo(phases.get(i - 1).x() + phases.get(i - 1).width(), within(0.02));
            }
        }
        assertThat(phases.get(3).title()).isEqualTo("waiting for first byte 200.000 ms");
        assertThat(html).contains("swatch-phase-dns", "swatch-phase-download", ".phase-tls{fill:");
    }

    @Test
    void theSummaryShowsFirstBytePercentiles() {
        BatchReport report = batch(FetchMode.SEQUENTIAL, 1000, List.of(result(0, 1, Outcome.OK, 200, 0, 100)));
        BatchReport withFirstByte = new BatchReport(report.mode(), report.concurrency(), report.threads(),
                report.startedAt(), report.totalMillis(), report.sumMillis(), report.urls(), report.outcomes(),
                report.latency(), new LatencySummary(40, 80, 90, 95), report.results(), null, null);

        assertThat(summary(HtmlWaterfall.render(withFirstByte)))
                .containsEntry("first byte p50 / p90 / p99 / max", "40 / 80 / 90 / 95 ms");
    }

    @Test
    void anInstantFailureIsStillOnePixelWide() {
        BatchReport report = batch(FetchMode.SEQUENTIAL, 1000, List.of(
                result(0, 1, Outcome.INVALID_URL, null, 0, 0),
                result(1, 2, Outcome.OK, 200, 0, 1000)));

        assertThat(bars(HtmlWaterfall.render(report)).get(0).width()).isEqualTo(1.0);
    }

    @Test
    void outcomesAreColouredByWhetherTheyWereRequestedAndHowTheyEnded() {
        String html = HtmlWaterfall.render(batch(FetchMode.SEQUENTIAL, 10, List.of()));

        String grey = fill(html, "invalid_url");
        assertThat(List.of(fill(html, "duplicate"), fill(html, "blocked"), fill(html, "unsupported_scheme"),
                fill(html, "unsupported_host"))).containsOnly(grey);
        String red = fill(html, "timeout");
        assertThat(List.of(fill(html, "connection_refused"), fill(html, "dns_failure"), fill(html, "dead_letter")))
                .containsOnly(red);
        assertThat(List.of(fill(html, "ok"), fill(html, "http_error"), grey, red)).doesNotHaveDuplicates();
    }

    @Test
    void aComparisonDrawsBothRunsOnTheScaleOfTheLongerOne() {
        List<FetchResult> oneAfterAnother = IntStream.range(0, 3)
                .mapToObj(i -> result(i, i + 1, Outcome.OK, 200, i * 800L, 800)).toList();
        List<FetchResult> allAtOnce = IntStream.range(0, 3)
                .mapToObj(i -> result(i, i + 1, Outcome.OK, 200, i * 5L, 800)).toList();
        BatchReport parallel = batch(FetchMode.PARALLEL, 900, allAtOnce);
        CompareReport compare = CompareReport.of(batch(FetchMode.SEQUENTIAL, 2400, oneAfterAnother), parallel);

        String html = HtmlWaterfall.render(compare);

        List<Bar> sequentialBars = bars(section(html, "sequential"));
        List<Bar> parallelBars = bars(section(html, "parallel"));
        assertThat(sequentialBars).hasSize(3);
        assertThat(parallelBars).hasSize(3);
        double width = sequentialBars.get(0).width();
        assertThat(sequentialBars).extracting(Bar::width).containsOnly(width);
        assertThat(parallelBars).extracting(Bar::width).containsOnly(width);
        assertThat(bars(HtmlWaterfall.render(parallel)).get(0).width())
                .as("alone, the shorter run is drawn on a larger scale").isGreaterThan(width * 2);
        assertThat(html).contains("parallel was 2.7x faster than sequential (2.400 s vs 0.900 s)");
        assertThat(html.indexOf("id=\"run-sequential\"")).isLessThan(html.indexOf("id=\"run-parallel\""));
    }

    @Test
    void escapesHostileTextFromTheReport() {
        String url = "https://evil.test/<script>alert(1)</script>?a=\"b\"&c='d'";
        FetchResult hostile = new FetchResult(0, 1, url, Outcome.PROTOCOL_ERROR, null, 5, 0, 0, null, 1, 0, url, "t",
                "<img src=x onerror=alert(2)>");

        String html = HtmlWaterfall.render(batch(FetchMode.PARALLEL, 10, List.of(hostile)));

        assertThat(html).doesNotContain("<script", "<img", "alert(1)</script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;?a=&quot;b&quot;&amp;c=&#39;d&#39;")
                .contains("&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void shortensLongUrlsInTheLabelAndKeepsTheWholeOneInTheTooltip() {
        String url = "https://example.test/" + "a".repeat(100);

        String html = HtmlWaterfall.render(batch(FetchMode.PARALLEL, 10, List.of(result(0, 1, url, Outcome.OK, 200, 0, 5))));

        assertThat(html).contains("<title>" + url + "</title>" + url.substring(0, 69) + "…</text>");
    }

    @Test
    void refersToNothingOutsideThePage() {
        List<FetchResult> results = List.of(result(0, 1, Outcome.OK, 200, 0, 100),
                result(1, 2, Outcome.DNS_FAILURE, null, 0, 3));
        CompareReport compare = CompareReport.of(batch(FetchMode.SEQUENTIAL, 200, results),
                batch(FetchMode.PARALLEL, 100, results));

        for (String html : List.of(HtmlWaterfall.render(compare), HtmlWaterfall.render(compare.parallel()))) {
            assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<svg");
            assertThat(EXTERNAL_REFERENCE.matcher(html).find()).as("external reference in%n%s", html).isFalse();
        }
    }

    @Test
    void aSpooledReportHasANoteInsteadOfATimeline() {
        BatchReport full = batch(FetchMode.PARALLEL, 100, List.of(result(0, 1, Outcome.OK, 200, 0, 100)));

        String html = HtmlWaterfall.render(full.withoutResults());

        assertThat(html).contains("spooled").doesNotContain("<rect", "<svg");
        assertThat(summary(html)).containsEntry("ok", "1");
    }

    @Test
    void theSummaryShowsTheRunAndItsCountsPerOutcome() {
        BatchReport report = batch(FetchMode.PARALLEL, 1234, List.of(
                result(0, 1, Outcome.OK, 200, 0, 100),
                result(1, 2, Outcome.OK, 200, 0, 300),
                result(2, 3, Outcome.HTTP_ERROR, 500, 0, 200),
                result(3, 4, Outcome.TIMEOUT, null, 0, 900)));

        String html = HtmlWaterfall.render(report);

        assertThat(summary(html)).containsExactly(entry("mode", "parallel"), entry("concurrency", "4"),
                entry("threads", "virtual"), entry("URLs", "4"), entry("total time", "1.234 s"),
                entry("sum of per-URL times", "1.500 s"), entry("ok", "2"), entry("http_error", "1"),
                entry("timeout", "1"), entry("p50 / p90 / p99 / max", "200 / 900 / 900 / 900 ms"));
    }

    @Test
    void drawsAtMostTwoThousandRowsAndSaysSo() {
        List<FetchResult> results = IntStream.range(0, 2001)
                .mapToObj(i -> result(i, i + 1, Outcome.OK, 200, i, 1)).toList();

        String html = HtmlWaterfall.render(batch(FetchMode.PARALLEL, 2002, results));

        List<Bar> bars = bars(html);
        assertThat(bars).hasSize(2000);
        assertThat(bars.get(1999).title()).startsWith("line 2000 ");
        assertThat(html).contains("first 2000 of 2001 results");
    }

    @Test
    void ticksFallOnRoundNumbers() {
        assertThat(HtmlWaterfall.niceStep(1000)).isEqualTo(200);
        assertThat(HtmlWaterfall.niceStep(2368)).isEqualTo(500);
        assertThat(HtmlWaterfall.niceStep(45)).isEqualTo(10);
        assertThat(HtmlWaterfall.niceStep(1)).isEqualTo(1);
        assertThat(HtmlWaterfall.render(batch(FetchMode.SEQUENTIAL, 1000, List.of())))
                .contains(">0 ms<", ">200 ms<", ">1000 ms<");
        assertThat(HtmlWaterfall.render(batch(FetchMode.SEQUENTIAL, 2368, List.of())))
                .contains(">0 s<", ">0.5 s<", ">2 s<").doesNotContain(">2.5 s<");
    }

    @Test
    void writesTheWholePageAndLeavesNoTemporaryFile(@TempDir Path folder) throws IOException {
        BatchReport report = batch(FetchMode.PARALLEL, 100, List.of(result(0, 1, "https://example.test/ü", Outcome.OK, 200,
                0, 100)));
        Path file = folder.resolve("waterfall.html");

        HtmlWaterfall.write(report, file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(HtmlWaterfall.render(report));
        try (var entries = Files.list(folder)) {
            assertThat(entries).containsExactly(file);
        }
    }

    private record Bar(String outcome, double x, double width, String title) {
    }

    private static List<Bar> bars(String html) {
        List<Bar> bars = new ArrayList<>();
        Matcher bar = BAR.matcher(html);
        while (bar.find()) {
            bars.add(new Bar(bar.group(1), Double.parseDouble(bar.group(2)), Double.parseDouble(bar.group(3)),
                    bar.group(4)));
        }
        assertThat(bars).as("bars parsed").hasSize(count(html, "<rect class=\"bar "));
        return bars;
    }

    /** The first summary table as name to value, in the order of its columns. */
    private static Map<String, String> summary(String html) {
        String table = html.substring(html.indexOf("<table class=\"summary\">"), html.indexOf("</table>"));
        List<String> names = cells(table, "th");
        List<String> values = cells(table, "td");
        assertThat(values).hasSameSizeAs(names);
        Map<String, String> summary = new LinkedHashMap<>();
        IntStream.range(0, names.size()).forEach(i -> summary.put(names.get(i), values.get(i)));
        return summary;
    }

    private static List<String> cells(String table, String tag) {
        return Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(table).results()
                .map(cell -> cell.group(1)).toList();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String section(String html, String mode) {
        int start = html.indexOf("<section class=\"run\" id=\"run-" + mode + "\">");
        assertThat(start).as("section of %s", mode).isNotNegative();
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static String fill(String html, String outcome) {
        Matcher rule = Pattern.compile("\\.outcome-" + outcome + "\\{fill:([^}]+)}").matcher(html);
        assertThat(rule.find()).as("css rule for %s", outcome).isTrue();
        return rule.group(1);
    }

    private static FetchResult result(int index, int line, Outcome outcome, Integer status, long startMillis,
                                      long millis) {
        return result(index, line, "https://example.test/" + line, outcome, status, startMillis, millis);
    }

    private static FetchResult result(int index, int line, String url, Outcome outcome, Integer status, long startMillis,
                                      long millis) {
        return new FetchResult(index, line, url, outcome, status, millis, startMillis, 0, null, 1, 0, url, "t", null);
    }

    private static BatchReport batch(FetchMode mode, long totalMillis, List<FetchResult> results) {
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        results.forEach(r -> outcomes.merge(r.outcome(), 1L, Long::sum));
        long sum = results.stream().mapToLong(FetchResult::millis).sum();
        LatencySummary latency = LatencySummary.of(results.stream().mapToLong(FetchResult::millis).toArray());
        return new BatchReport(mode, mode == FetchMode.SEQUENTIAL ? 1 : 4, mode == FetchMode.SEQUENTIAL ? "platform" : "virtual",
                "2025-01-01T00:00:00Z", totalMillis, sum, results.size(), outcomes, latency, null, results, null,
                null);
    }
}
