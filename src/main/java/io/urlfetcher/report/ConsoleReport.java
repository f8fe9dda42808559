package io.urlfetcher.report;

import io.urlfetcher.BatchReport;
import io.urlfetcher.CompareReport;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.PhaseTimings;
import io.urlfetcher.Report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a report the way the original experiment did: one line per URL with its seconds (and its time to first
 * byte), then the total.
 */
public final class ConsoleReport {

    private final PrintStream out;
    private final boolean perUrl;

    /** @param perUrl print a line per URL, not only the totals */
    public ConsoleReport(PrintStream out, boolean perUrl) {
        this.out = out;
        this.perUrl = perUrl;
    }

    /** Each run, then for compare how many times faster the parallel run was. */
    public void print(Report report) {
        report.batches().forEach(this::printRun);
        report.comparison().ifPresent(compare -> out.printf(Locale.ROOT,
                "parallel was %.1fx faster than sequential (%s vs %s)%n", compare.speedup(),
                seconds(compare.sequential().totalMillis()), seconds(compare.parallel().totalMillis())));
    }

    private void printRun(BatchReport report) {
        if (report.workers() != null) {
            out.printf(Locale.ROOT, "%s: %s, %s sent results%n", report.mode().label(), count(report.urls(), "URL"),
                    count(report.workers(), "worker"));
        } else {
            out.printf(Locale.ROOT, "%s: %s, concurrency %d, %s threads%n", report.mode().label(),
                    count(report.urls(), "URL"), report.concurrency(), report.threads());
        }
        if (perUrl && report.results() == null) {
            out.println("  (per-URL results are in the report, in completion order)");
        }
        for (FetchResult r : perUrl && report.results() != null ? report.results() : List.<FetchResult>of()) {
            out.printf(Locale.ROOT, "  %8s  ttfb %8s  %-3s  %-18s %s%s%n", seconds(r.millis()), firstByte(r),
                    r.status() == null ? "-" : r.status(), r.outcome().label(), printable(r.url()),
                    r.error() == null || r.outcome() == Outcome.HTTP_ERROR ? "" : "  (" + printable(r.error()) + ")");
        }
        out.printf(Locale.ROOT, "  total time %s (sum of per-URL times %s); %s%n", seconds(report.totalMillis()),
                seconds(report.sumMillis()), counts(report.outcomes()));
    }

    private static String counts(Map<Outcome, Long> outcomes) {
        StringBuilder text = new StringBuilder();
        outcomes.forEach((outcome, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(' ')
                .append(outcome.label()));
        return text.isEmpty() ? "no URLs" : text.toString();
    }

    /** Control characters from a hostile list must not drive the operator's terminal. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** {@code 1 URL}, {@code 2 URLs}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * The final request's time to first byte (its timings' firstByte), or "-" when no response head arrived (a timeout
     * waiting for one has a firstByte phase up to the failure: no byte came).
     */
    private static String firstByte(FetchResult result) {
        PhaseTimings timings = result.timings();
        return timings == null || timings.firstByte() == null || result.status() == null ? "-"
                : String.format(Locale.ROOT, "%.3f s", timings.firstByte() / 1000.0);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }
}
