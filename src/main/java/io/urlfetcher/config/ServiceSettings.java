package io.urlfetcher.config;

import java.time.Duration;

/**
 * The long-running modes' settings ({@code fetch.watch}, {@code fetch.http-port}, {@code fetch.every},
 * {@code fetch.rounds}).
 *
 * @param watch    the folder --watch takes URL lists from, or empty
 * @param httpPort the port of health and metrics of a worker or --watch; 0 for none
 * @param every    how often the list is fetched again in this process ({@code --every}); zero for once
 * @param rounds   how many rounds {@code --every} fetches; 0 until stopped
 */
public record ServiceSettings(String watch, int httpPort, Duration every, long rounds) {

    /** Whether the list is fetched in rounds ({@code --every}). */
    public boolean inRounds() {
        return !every.isZero();
    }
}
