package io.urlfetcher.http;

import org.apache.hc.client5.http.utils.DateUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Reads a {@code Retry-After} header: a number of seconds, or an HTTP date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** @return how long to wait from {@code now}, or empty when the header is missing or unreadable */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        Instant date = DateUtils.parseStandardDate(text);
        if (date == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, date);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }
}
