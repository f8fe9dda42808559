package io.urlfetcher.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how long to wait before trying a URL again.
 *
 * @param retries       attempts after the first; 0 turns retrying off
 * @param statuses      response statuses that are retried
 * @param backoff       wait before the first retry; it doubles for each further one
 * @param maxBackoff    the longest back-off wait
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one is not waited for and the response stands
 */
public record RetryPolicy(int retries, Set<Integer> statuses, Duration backoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** Reads a list like {@code 429,502,503,504} or {@code 429,5xx}. */
    public static Set<Integer> parseStatuses(String text) {
        Set<Integer> statuses = new TreeSet<>();
        for (String token : text.split(",")) {
            String item = token.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            if (item.matches("[1-5]xx")) {
                int base = (item.charAt(0) - '0') * 100;
                for (int status = base; status < base + 100; status++) {
                    statuses.add(status);
                }
            } else if (item.matches("[1-5]\\d\\d")) {
                statuses.add(Integer.parseInt(item));
            } else {
                throw new IllegalArgumentException("'" + token.strip() + "' is not a status; write a list like 429,502,503 or 429,5xx");
            }
        }
        return Set.copyOf(statuses);
    }

    /** Exponential back-off with jitter: between half and all of {@code backoff * 2^(retry-1)}, capped. */
    public Duration backoffBefore(int retry, double random) {
        long base = backoff.toMillis();
        long exponential = retry >= 31 ? Long.MAX_VALUE : base << Math.max(0, retry - 1);
        long capped = Math.min(exponential < 0 ? Long.MAX_VALUE : exponential, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (random * (capped - capped / 2)));
    }
}
