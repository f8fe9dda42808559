package io.urlfetcher.report;

import java.time.Duration;

/**
 * What the command line prints and how it exits ({@code fetch.quiet}, {@code fetch.progress-every},
 * {@code fetch.fail-on-error}, {@code fetch.fail-on}).
 *
 * @param quiet         the summary without the per-URL table, and no progress
 * @param progressEvery how often a progress line is logged when not on a terminal
 * @param failOnError   whether a failed URL makes the exit code non-zero
 * @param failOnNewlyFailing whether a result that is failing (not ok now, ok in the history) makes it non-zero
 */
public record ConsoleSettings(boolean quiet, Duration progressEvery, boolean failOnError, boolean failOnNewlyFailing) {
}
