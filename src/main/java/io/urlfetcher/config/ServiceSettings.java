package io.urlfetcher.config;

import java.time.Duration;

/**
 * The long-running modes' settings.
 *
 * @param watch         the folder --watch takes URL lists from, or empty ({@code fetch.watch})
 * @param watchSettle   how long a dropped list must stay unchanged before it is taken ({@code fetch.watch-settle})
 * @param watchDoneFile the done file a list waits for, like {@code ${file:name}.done}, or empty for none
 *                      ({@code fetch.watch-done-file})
 * @param httpPort      the port of health and metrics of a worker or --watch; 0 for none ({@code fetch.http-port})
 * @param httpHost      the address that port listens on ({@code fetch.http-host})
 * @param every         how often the list is fetched again in this process; zero for once ({@code fetch.every})
 * @param rounds        how many rounds {@code --every} fetches; 0 until stopped ({@code fetch.rounds})
 */
public record ServiceSettings(String watch, Duration watchSettle, String watchDoneFile, int httpPort, String httpHost,
                              Duration every, long rounds) {

    /** Whether the list is fetched in rounds ({@code --every}). */
    public boolean inRounds() {
        return !every.isZero();
    }
}
