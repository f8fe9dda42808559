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
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "invalid mode '" + text + "': use sequential, parallel, compare or distributed");
        }
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
