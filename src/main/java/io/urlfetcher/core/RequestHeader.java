package io.urlfetcher.core;


import java.util.Locale;
import java.util.Set;

/** One extra request header given as {@code Name: value}. */
public record RequestHeader(String name, String value) {

    private static final Set<String> SECRET_NAMES = Set.of("authorization", "proxy-authorization", "cookie");

    public static RequestHeader parse(String text) {
        int colon = text.indexOf(':');
        String name = colon > 0 ? text.substring(0, colon).strip() : "";
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("invalid header '" + firstWord(text) + "…': write it as 'Name: value'");
        }
        return new RequestHeader(name, text.substring(colon + 1).strip());
    }

    public boolean isSecret() {
        return SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Never prints a secret header's value. */
    @Override
    public String toString() {
        return name + ": " + (isSecret() ? SecretRedactor.MASK : value);
    }

    private static String firstWord(String text) {
        // Do not echo a whole malformed header back: it may hold a credential.
        String word = text.strip().split("\\s+", 2)[0];
        return word.length() > 20 ? word.substring(0, 20) : word;
    }
}
