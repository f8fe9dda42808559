package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a batch is fetched. {@code COMPARE} runs the list sequentially, then in parallel, and reports the speed-up;
 * {@code DISTRIBUTED} sends one job per URL to the workers through the broker and collects their results.
 */
public enum FetchMode {
    SEQUENTIAL, PARALLEL, COMPARE, DISTRIBUTED;

    public static FetchMode parse(String text) {
        return Choices.parse(text, FetchMode.class);
    }

    /** The mode of a local run with this concurrency: 1 is one request at a time, in input order. */
    public static FetchMode ofConcurrency(int concurrency) {
        return concurrency == 1 ? SEQUENTIAL : PARALLEL;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
