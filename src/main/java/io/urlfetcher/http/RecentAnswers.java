package io.urlfetcher.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hosts that gave an HTTP answer (any status line) within the last {@code window}: a host that answered is not
 * dead, so its response timeouts are slow pages, not a reason to turn its other URLs away ({@link HostSignals}).
 * Entries older than the window are swept out at most once per window, so memory follows the hosts answering now.
 */
final class RecentAnswers {

    private final Duration window;
    private final Clock clock;
    private final Map<String, Instant> lastAnswer = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;

    RecentAnswers(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(clock.instant().plus(window));
    }

    void answered(String hostKey) {
        Instant now = clock.instant();
        lastAnswer.put(hostKey, now);
        Instant sweep = nextSweep.get();
        if (now.isAfter(sweep) && nextSweep.compareAndSet(sweep, now.plus(window))) {
            Instant oldest = now.minus(window);
            lastAnswer.values().removeIf(at -> at.isBefore(oldest));
        }
    }

    boolean answeredWithinWindow(String hostKey) {
        Instant at = lastAnswer.get(hostKey);
        return at != null && !at.isBefore(clock.instant().minus(window));
    }

    void clear() {
        lastAnswer.clear();
    }
}
