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
 */
public record ServiceSettings(String watch, Duration watchSettle, String watchDoneFile, int httpPort, String httpHost) {
}
