package io.urlfetcher.report;

import io.urlfetcher.BatchReport;
import io.urlfetcher.CompareReport;
import io.urlfetcher.FetchResult;
import io.urlfetcher.LatencySummary;
import io.urlfetcher.Outcome;
import io.urlfetcher.PhaseTimings;
import io.urlfetcher.Report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A report as one self-contained HTML page: a summary table and a waterfall of when each URL was fetched.
 * Everything is inline (CSS, SVG; no scripts, fonts or links) so the page opens offline and leaks no request.
 */
final class HtmlWaterfall {

    /** Beyond this many rows the page gets heavy and no one reads it; the JSON report has them all. */
    static final int MAX_ROWS = 2_000;

    private static final int LABEL_WIDTH = 70;
    private static final double LINE_NUMBER_RIGHT = 40;
    private static final double URL_LEFT = 48;
    private static final double PLOT_LEFT = 530;
    private static final double PLOT_WIDTH = 760;
    private static final double SVG_WIDTH = PLOT_LEFT + PLOT_WIDTH + 40;
    private static final double AXIS_HEIGHT = 24;
    private static final double ROW_HEIGHT = 16;
    private static final double BAR_HEIGHT = 10;
    /** Phases are drawn this much inside their bar, which frames them in the outcome's colour. */
    private static final double PHASE_INSET = 2;
    private static final int TARGET_TICKS = 6;

    /** The colour groups of the legend; each outcome belongs to one. */
    private enum Kind {
        OK("ok", "#2e9d4a"),
        HTTP_ERROR("HTTP error", "#e3a008"),
        NOT_REQUESTED("never requested", "#9aa0a6"),
        FAILED("failed", "#d93025");

        final String legend;
        final String colour;

        Kind(String legend, String colour) {
            this.legend = legend;
            this.colour = colour;
        }

        static Kind of(Outcome outcome) {
            return switch (outcome) {
                case OK -> OK;
                case HTTP_ERROR -> HTTP_ERROR;
                case INVALID_URL, INVALID_REQUEST, UNSUPPORTED_SCHEME, UNSUPPORTED_HOST, DUPLICATE, BLOCKED -> NOT_REQUESTED;
                case NOT_STARTED -> NOT_REQUESTED;
                default -> FAILED;
            };
        }

        String cssName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The phases of a request drawn inside its bar, as a browser's network panel does, from its {@link PhaseTimings}:
     * the outcome's colour stays around them as a frame.
     */
    private enum Phase {
        BEFORE("earlier hops", "#dadce0"),
        DNS("dns", "#12b5cb"),
        CONNECT("connect", "#fa7b17"),
        TLS("tls", "#a142f4"),
        FIRST_BYTE("waiting for first byte", "#8ab4f8"),
        DOWNLOAD("download", "#1967d2");

        final String legend;
        final String colour;

        Phase(String legend, String colour) {
            this.legend = legend;
            this.colour = colour;
        }

        Double of(PhaseTimings timings) {
            return switch (this) {
                case BEFORE -> timings.before();
                case DNS -> timings.dns();
                case CONNECT -> timings.connect();
                case TLS -> timings.tls();
                case FIRST_BYTE -> timings.firstByte();
                case DOWNLOAD -> timings.download();
            };
        }

        String cssName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Milliseconds to pixels; one instance per page, so runs drawn on it can be compared by eye. */
    private record TimeScale(long spanMillis) {

        double x(long millis) {
            return PLOT_LEFT + width(millis);
        }

        double width(long millis) {
            return millis * PLOT_WIDTH / spanMillis;
        }

        double width(double millis) {
            return millis * PLOT_WIDTH / spanMillis;
        }
    }

    private HtmlWaterfall() {
    }

    /** One page: compare's headline, then each run on the same time scale, so its runs can be compared by eye. */
    public static String render(Report report) {
        TimeScale scale = new TimeScale(report.batches().stream().mapToLong(HtmlWaterfall::span).max().orElse(1));
        return page(report.mode().label(), report.comparison()
                .map(compare -> "<p class=\"headline\">" + escape(headline(compare)) + "</p>\n").orElse("")
                + report.batches().stream().map(batch -> run(batch, scale)).collect(Collectors.joining()));
    }

    /** Writes through a temporary file in the same folder, so a reader never sees half a page. */
    public static void write(Report report, Path file) throws IOException {
        byte[] html = render(report).getBytes(StandardCharsets.UTF_8);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // Not Files.createTempFile: its owner-only permissions would stick to the page; this one gets the umask's.
        Path temporary = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temporary, html, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String headline(CompareReport compare) {
        return String.format(Locale.ROOT, "parallel was %.1fx faster than sequential (%s vs %s)", compare.speedup(),
                seconds(compare.sequential().totalMillis()), seconds(compare.parallel().totalMillis()));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>url-fetcher waterfall: %s</title>
                <style>
                %s</style>
                </head>
                <body>
                <h1>url-fetcher waterfall: %s</h1>
                %s%s</body>
                </html>
                """.formatted(escape(title), css(), escape(title), legend(), body);
    }

    private static String css() {
        String kinds = Stream.of(Kind.values())
                .map(kind -> ".kind-%s{background:%s}\n".formatted(kind.cssName(), kind.colour))
                .collect(Collectors.joining());
        String outcomes = Stream.of(Outcome.values())
                .map(outcome -> ".outcome-%s{fill:%s}\n".formatted(outcome.label(), Kind.of(outcome).colour))
                .collect(Collectors.joining());
        String phases = Stream.of(Phase.values())
                .map(phase -> ".phase-%s{fill:%s}\n.swatch-phase-%s{background:%s}\n".formatted(phase.cssName(), phase.colour,
                        phase.cssName(), phase.colour))
                .collect(Collectors.joining());
        return """
                body{font:14px system-ui,sans-serif;margin:1em;color:#202124}
                table.summary{border-collapse:collapse;margin-bottom:.5em}
                table.summary th,table.summary td{border:1px solid #dadce0;padding:2px 8px;text-align:left}
                table.summary th{font-weight:600;background:#f1f3f4}
                table.summary td{font-variant-numeric:tabular-nums}
                h1{font-size:1.4em;margin:0 0 .3em}
                h2{font-size:1.15em;margin:.8em 0 .3em}
                .headline{font-size:1.3em;font-weight:600;margin:.3em 0}
                .note{color:#5f6368;font-style:italic}
                svg text{font:11px monospace;fill:#202124}
                svg .tick{stroke:#e8eaed}
                svg .end{stroke:#5f6368;stroke-dasharray:4 3}
                .swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
                """ + kinds + outcomes + phases;
    }

    private static String legend() {
        return Stream.of(Kind.values())
                       .map(kind -> "<span class=\"swatch kind-%s\"></span>%s".formatted(kind.cssName(), escape(kind.legend)))
                       .collect(Collectors.joining("", "<p class=\"legend\">outcome (frame):", "</p>\n"))
               + Stream.of(Phase.values())
                       .map(phase -> "<span class=\"swatch swatch-phase-%s\"></span>%s".formatted(phase.cssName(),
                               escape(phase.legend)))
                       .collect(Collectors.joining("", "<p class=\"legend\">phases of the final request (inside):", "</p>\n"));
    }

    private static String run(BatchReport report, TimeScale scale) {
        String label = escape(report.mode().label());
        return "<section class=\"run\" id=\"run-" + label + "\">\n<h2>" + label + "</h2>\n" + summary(report)
               + timeline(report, scale) + "</section>\n";
    }

    /** Names over values, two rows: kept short so both runs of a comparison fit on one screen. */
    private static String summary(BatchReport report) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("mode", report.mode().label());
        if (report.workers() != null) {
            cells.put("workers", String.valueOf(report.workers()));
        } else {
            cells.put("concurrency", String.valueOf(report.concurrency()));
            cells.put("threads", report.threads());
        }
        cells.put("URLs", String.valueOf(report.urls()));
        cells.put("total time", seconds(report.totalMillis()));
        cells.put("sum of per-URL times", seconds(report.sumMillis()));
        for (Outcome outcome : Outcome.values()) {
            long count = report.outcomes().getOrDefault(outcome, 0L);
            if (count > 0) {
                cells.put(outcome.label(), String.valueOf(count));
            }
        }
        LatencySummary latency = report.latency();
        if (latency != null) {
            cells.put("p50 / p90 / p99 / max", "%d / %d / %d / %d ms"
                    .formatted(latency.p50(), latency.p90(), latency.p99(), latency.max()));
        }
        LatencySummary firstByte = report.firstByte();
        if (firstByte != null) {
            cells.put("first byte p50 / p90 / p99 / max", "%d / %d / %d / %d ms"
                    .formatted(firstByte.p50(), firstByte.p90(), firstByte.p99(), firstByte.max()));
        }
        return cells.keySet().stream().map(name -> "<th>" + escape(name) + "</th>")
                       .collect(Collectors.joining("", "<table class=\"summary\">\n<tr>", "</tr>\n"))
               + cells.values().stream().map(value -> "<td>" + escape(value) + "</td>")
                       .collect(Collectors.joining("", "<tr>", "</tr>\n</table>\n"));
    }

    private static String timeline(BatchReport report, TimeScale scale) {
        if (report.results() == null) {
            return "<p class=\"note\">No timeline: the per-URL results were spooled to a JSON Lines file "
                   + "instead of being kept in the report.</p>\n";
        }
        List<FetchResult> drawn = report.results().stream().sorted(Comparator.comparingInt(FetchResult::index))
                .limit(MAX_ROWS).toList();
        double height = AXIS_HEIGHT + drawn.size() * ROW_HEIGHT + 4;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"timeline\" width=\"%.0f\" height=\"%.0f\">\n", SVG_WIDTH, height));
        axis(svg, scale, height);
        endOfRun(svg, report.totalMillis(), scale, height);
        for (int i = 0; i < drawn.size(); i++) {
            bar(svg, drawn.get(i), AXIS_HEIGHT + i * ROW_HEIGHT, scale);
        }
        svg.append("</svg>\n");
        return svg + (report.results().size() > MAX_ROWS
                ? "<p class=\"note\">Showing the first %d of %d results; the JSON report has them all.</p>\n"
                        .formatted(MAX_ROWS, report.results().size())
                : "");
    }

    private static void axis(StringBuilder svg, TimeScale scale, double height) {
        long step = niceStep(scale.spanMillis());
        for (long tick = 0; tick <= scale.spanMillis(); tick += step) {
            double x = scale.x(tick);
            svg.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.2f\" y1=\"%.0f\" x2=\"%.2f\" y2=\"%.0f\"/>"
                                                  + "<text class=\"tick-label\" x=\"%.2f\" y=\"14\">%s</text>\n",
                    x, AXIS_HEIGHT - 6, x, height, x + 2, tickLabel(tick, scale.spanMillis())));
        }
    }

    /** The dashed line where the run ended: in a comparison it shows how much sooner the parallel run was done. */
    private static void endOfRun(StringBuilder svg, long totalMillis, TimeScale scale, double height) {
        double x = scale.x(totalMillis);
        svg.append(String.format(Locale.ROOT, "<line class=\"end\" x1=\"%.2f\" y1=\"%.0f\" x2=\"%.2f\" y2=\"%.0f\">"
                                              + "<title>end of run: %s</title></line>\n",
                x, AXIS_HEIGHT - 6, x, height, seconds(totalMillis)));
    }

    private static void bar(StringBuilder svg, FetchResult result, double top, TimeScale scale) {
        double baseline = top + ROW_HEIGHT - 4;
        String status = result.status() == null ? "-" : result.status().toString();
        String details = "line %d · %s · %s · %d ms".formatted(result.line(), result.outcome().label(), status,
                result.millis()) + (result.error() == null ? "" : " · " + result.error());
        svg.append(String.format(Locale.ROOT, "<text class=\"line\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%d</text>"
                                              + "<text class=\"url\" x=\"%.0f\" y=\"%.0f\"><title>%s</title>%s</text>\n",
                LINE_NUMBER_RIGHT, baseline, result.line(), URL_LEFT, baseline, escape(result.url()),
                escape(shortened(result.url()))));
        // At least a pixel wide: a failure that took 0 ms must still show up.
        svg.append(String.format(Locale.ROOT, "<rect class=\"bar outcome-%s\" x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" "
                                              + "height=\"%.0f\"><title>%s</title></rect>\n",
                result.outcome().label(), scale.x(result.startMillis()), top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                Math.max(1, scale.width(result.millis())), BAR_HEIGHT, escape(details)));
        if (result.timings() != null) {
            phases(svg, result, top, scale);
        }
    }

    /** The request's phases one after another inside its bar, cut off where the bar ends. */
    private static void phases(StringBuilder svg, FetchResult result, double top, TimeScale scale) {
        double end = scale.x(result.startMillis()) + Math.max(1, scale.width(result.millis()));
        double x = scale.x(result.startMillis());
        for (Phase phase : Phase.values()) {
            Double millis = phase.of(result.timings());
            if (millis == null || x >= end) {
                continue;
            }
            double width = Math.min(scale.width(millis.doubleValue()), end - x);
            svg.append(String.format(Locale.ROOT, "<rect class=\"phase phase-%s\" x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" "
                                                  + "height=\"%.0f\"><title>%s %.3f ms</title></rect>\n",
                    phase.cssName(), x, top + (ROW_HEIGHT - BAR_HEIGHT) / 2 + PHASE_INSET, width,
                    BAR_HEIGHT - 2 * PHASE_INSET, escape(phase.legend), millis));
            x += width;
        }
    }

    /** The time the picture must cover: the whole run, or the last bar if one ends after it. */
    private static long span(BatchReport report) {
        long lastEnd = report.results() == null ? 0
                : report.results().stream().mapToLong(r -> r.startMillis() + r.millis()).max().orElse(0);
        return Math.max(1, Math.max(report.totalMillis(), lastEnd));
    }

    /** A 1, 2 or 5 times a power of ten that cuts the span into about {@link #TARGET_TICKS} parts. */
    static long niceStep(long spanMillis) {
        double rough = Math.max(1.0, (double) spanMillis / TARGET_TICKS);
        long power = (long) Math.pow(10, Math.floor(Math.log10(rough)));
        for (long factor : new long[] { 1, 2, 5 }) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String tickLabel(long millis, long spanMillis) {
        return spanMillis < 2_000 ? millis + " ms"
                : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static String shortened(String url) {
        if (url.codePointCount(0, url.length()) <= LABEL_WIDTH) {
            return url;
        }
        return url.substring(0, url.offsetByCodePoints(0, LABEL_WIDTH - 1)) + "…";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }

    /** Report text is hostile: URLs and error messages come from the input list and from servers. */
    private static String escape(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
