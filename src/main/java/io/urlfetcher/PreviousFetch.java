package io.urlfetcher;

/**
 * What the history held of a request before this run fetched it.
 *
 * @param status    the HTTP status then, or null when no response arrived
 * @param outcome   the outcome then
 * @param sha256    the sha256 of the last body read whole (kept while it fails), or null
 * @param fetchedAt when it was fetched, ISO-8601 UTC
 */
public record PreviousFetch(Integer status, Outcome outcome, String sha256, String fetchedAt) {
}
