package io.urlfetcher.report;

import java.util.Locale;

/** How a batch's report is written: one JSON document, or JSON Lines. */
public enum ReportFormat {
    JSON, JSONL;

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
