package io.urlfetcher.flow.history;

/**
 * The history across runs ({@code fetch.history}, {@code fetch.conditional}, {@code fetch.deliver}).
 *
 * @param location    a folder (an embedded H2 database in it) or a {@code jdbc:postgresql:} URL; empty for none
 * @param conditional whether a GET or HEAD whose history has validators is sent with If-None-Match / If-Modified-Since
 * @param deliver     which bodies are saved, inlined and sent to the response sink when the run keeps a history
 */
public record HistorySettings(String location, boolean conditional, Deliver deliver) {

    /** Which results' bodies leave the tool ({@code fetch.deliver}). */
    public enum Deliver {
        /** Changed with a history, all without. */
        AUTO,
        /** Only {@code new} and {@code changed} results (the report still has every line). */
        CHANGED,
        /** Every result, as without a history. */
        ALL;

        public static Deliver parse(String text) {
            return io.urlfetcher.Choices.parse(text, Deliver.class);
        }
    }

    /** Whether a result of a run with a history hands its body on only when it is new or changed. */
    public boolean onlyChanged() {
        return deliver != Deliver.ALL;
    }

    /** The call's history parameter when it names one, else {@code fetch.history}; empty for none. */
    public String locationFor(String callParameter) {
        return callParameter == null || callParameter.isBlank() ? location : callParameter.strip();
    }
}
