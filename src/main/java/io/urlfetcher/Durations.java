package io.urlfetcher;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as users write them: {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h}. A bare number other than 0 is
 * refused: {@code --timeout 5} read as 5 ms (or 5 s, as curl's {@code -m 5} is) would be a silent guess either way.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "': write a whole number with a unit, like 500ms, 3s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        if (m.group(2) == null && amount != 0) {
            throw new IllegalArgumentException("invalid duration '" + text.strip() + "': a number needs a unit: "
                    + amount + "ms, " + amount + "s or " + amount + "m (the forms: 500ms, 3s, 2m, 1h)");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
