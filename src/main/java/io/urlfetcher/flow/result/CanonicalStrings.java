package io.urlfetcher.flow.result;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance of each text seen again and again, like a content type: every result keeps its own until the
 * report is written, so 100,000 results of {@code text/html} would hold 100,000 copies. Bounded: past the limit a
 * new text is returned as it is (a server sending a different type every time cannot grow this without end).
 */
final class CanonicalStrings {

    private final int limit;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    CanonicalStrings(int limit) {
        this.limit = limit;
    }

    /** The instance kept for this text, or the text itself (null stays null). */
    String canonical(String text) {
        if (text == null) {
            return null;
        }
        String kept = known.get(text);
        if (kept != null) {
            return kept;
        }
        if (known.size() >= limit) {
            return text;
        }
        kept = known.putIfAbsent(text, text);
        return kept == null ? text : kept;
    }
}
