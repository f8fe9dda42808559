package io.urlfetcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code fetch.*} settings, read once and checked. Invalid values fail here with a message
 * that names the property and says how to fix it.
 */
public record FetchSettings(
        String urls, FetchMode mode, int concurrency, String sinkUri, ReportFormat format,
        Duration connectTimeout, Duration timeout, String userAgent, List<RequestHeader> headers,
        int maxRedirects, boolean failOnError, boolean demo) {

    public static final String PREFIX = "fetch.";

    public enum ReportFormat {
        JSON, JSONL;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param property looks up a property by its full name, e.g. {@code fetch.mode} */
    public static FetchSettings from(Function<String, Optional<String>> property) {
        Reader r = new Reader(property);
        return new FetchSettings(
                r.text("urls", ""),
                r.parse("mode", "parallel", FetchMode::parse),
                r.parse("concurrency", "20", v -> positive(Integer.parseInt(v.strip()), 10_000)),
                r.text("sink-uri", "file:reports"),
                r.parse("format", "json", v -> ReportFormat.valueOf(v.strip().toUpperCase(Locale.ROOT))),
                r.parse("connect-timeout", "5s", Durations::parse),
                r.parse("timeout", "30s", Durations::parse),
                r.text("user-agent", "random"),
                r.parse("headers", "", FetchSettings::parseHeaders),
                r.parse("max-redirects", "5", v -> Math.max(0, Integer.parseInt(v.strip()))),
                r.parse("fail-on-error", "false", FetchSettings::parseBoolean),
                r.parse("demo", "false", FetchSettings::parseBoolean));
    }

    private static List<RequestHeader> parseHeaders(String text) {
        List<RequestHeader> headers = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                headers.add(RequestHeader.parse(line));
            }
        }
        return List.copyOf(headers);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static int positive(int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("expected a whole number from 1 to " + max);
        }
        return value;
    }

    private record Reader(Function<String, Optional<String>> property) {

        String text(String key, String defaultValue) {
            return property.apply(PREFIX + key).orElse(defaultValue).strip();
        }

        <T> T parse(String key, String defaultValue, Function<String, T> parser) {
            String value = text(key, defaultValue);
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                String why = e instanceof NumberFormatException ? "expected a whole number" : e.getMessage();
                throw new IllegalArgumentException("invalid " + PREFIX + key + " = '" + shown(key, value) + "': " + why, e);
            }
        }

        private static String shown(String key, String value) {
            return key.equals("headers") ? "(hidden)" : value;
        }
    }
}
