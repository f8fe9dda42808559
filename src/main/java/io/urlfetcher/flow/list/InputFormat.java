package io.urlfetcher.flow.list;

import io.urlfetcher.Choices;

/** How the URL list is written: one URL per line, JSON Lines requests, or as the file name says. */
public enum InputFormat {
    /** {@code jsonl} for a {@code .jsonl} file or a list whose first non-blank line starts with '{', else {@code lines}. */
    AUTO,
    LINES,
    JSONL;

    public static InputFormat parse(String text) {
        return Choices.parse(text, InputFormat.class);
    }
}
