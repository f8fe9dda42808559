package io.urlfetcher.flow.response;

import io.urlfetcher.Choices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What leaves the tool of each response besides its timing: the body saved to a folder, a small body inline in
 * the result, some response headers, and each response as a message to a Camel endpoint.
 *
 * @param saveBodies   folder the bodies are saved to, or empty for none
 * @param saveOn       which bodies are saved
 * @param inlineBody   largest text body put into the result, in bytes; 0 for none
 * @param keepHeaders  response header names copied into the result, lower case; {@code *} for all; empty for none
 * @param responseSink Camel endpoint URI each response is sent to as one message, or empty for none
 * @param hash         whether each body's SHA-256 is computed ({@code fetch.hash} sha256) or not (none)
 */
public record ResponseSettings(String saveBodies, SaveOn saveOn, long inlineBody, List<String> keepHeaders,
                               String responseSink, boolean hash) {

    /** Which responses' bodies are kept (saved, or sent to the response sink). */
    public enum SaveOn {
        /** Only those of outcome ok (1xx-3xx). */
        OK,
        /** 4xx and 5xx bodies too. */
        ALL;

        public static SaveOn parse(String text) {
            return Choices.parse(text, SaveOn.class);
        }
    }

    /** {@code sha256} or {@code none}. */
    public static boolean parseHash(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sha256" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(Choices.refusal(text.strip(), List.of("sha256", "none")));
        };
    }

    public static List<String> parseHeaderNames(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split("[,\\s]+")) {
            if (name.isBlank()) {
                continue;
            }
            if (!name.equals("*") && !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) { // RFC 9110 token
                throw new IllegalArgumentException("'" + name + "' is not a header name (or * for all)");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }
}
