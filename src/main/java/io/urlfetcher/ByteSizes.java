package io.urlfetcher;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads sizes as users write them: {@code 100B}, {@code 512KB}, {@code 10MB}, {@code 1GB} (powers of 1024). A bare
 * number other than 0 is refused, like a bare duration ({@link Durations}): the unit is never guessed.
 */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

    private ByteSizes() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text + "': write a whole number with a unit, like 512KB, 10MB or 1GB");
        }
        long amount = Long.parseLong(m.group(1));
        if (m.group(2) == null && amount != 0) {
            throw new IllegalArgumentException("invalid size '" + text.strip() + "': a number needs a unit: "
                    + amount + "B, " + amount + "KB or " + amount + "MB (the forms: 100B, 512KB, 10MB, 1GB)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit) {
            case "kb" -> 10;
            case "mb" -> 20;
            case "gb" -> 30;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("invalid size '" + text + "': too large");
        }
        return amount << shift;
    }
}
