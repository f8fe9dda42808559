package io.urlfetcher.config;

/**
 * The long-running modes' settings ({@code fetch.watch}, {@code fetch.http-port}).
 *
 * @param watch    the folder --watch takes URL lists from, or empty
 * @param httpPort the port of health and metrics of a worker or --watch; 0 for none
 */
public record ServiceSettings(String watch, int httpPort) {
}
