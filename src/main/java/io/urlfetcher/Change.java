package io.urlfetcher;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What changed for one request since the run that last fetched it, as the history ({@code fetch.history}) says; a
 * result has one only when its run keeps a history.
 */
public enum Change {
    /** The history knows nothing of the request. */
    NEW,
    /** Ok now and before, with another body (its sha256 differs, or no sha256 could tell). */
    CHANGED,
    /** Ok now with the same sha256 as before, or {@link Outcome#NOT_MODIFIED}. */
    UNCHANGED,
    /** Not ok now, ok before: a regression. */
    FAILING,
    /** Not ok now, nor before. */
    STILL_FAILING,
    /** Ok now, not ok before. */
    RECOVERED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the body is handed on when only what changed is delivered ({@code fetch.deliver} changed). */
    public boolean delivered() {
        return this == NEW || this == CHANGED;
    }
}
