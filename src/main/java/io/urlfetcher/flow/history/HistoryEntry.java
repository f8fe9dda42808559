package io.urlfetcher.flow.history;

import io.urlfetcher.Outcome;
import io.urlfetcher.PreviousFetch;

import java.time.Instant;

/**
 * What the history keeps of one request: one row of its table.
 *
 * @param key          the request's {@link HistoryKey}
 * @param url          the URL without user, password or fragment, for people reading the table
 * @param etag         the ETag of the last ok response that had one, exactly as sent (a weak {@code W/"..."} too)
 * @param lastModified the Last-Modified of the last ok response that had one, as sent
 * @param sha256       the sha256 of the last body read whole and delivered, or null
 * @param status       the status of the last fetch, or null when no response arrived
 * @param outcome      the outcome of the last fetch
 * @param fetchedAt    when it was last fetched
 * @param changedAt    when its body last changed (or was first seen)
 * @param bodyFile     where that body was saved ({@code fetch.save-bodies}), or null
 */
public record HistoryEntry(String key, String url, String etag, String lastModified, String sha256, Integer status,
                           Outcome outcome, Instant fetchedAt, Instant changedAt, String bodyFile) {

    /** Whether a conditional request can be made from this entry. */
    public boolean hasValidators() {
        return etag != null || lastModified != null;
    }

    /** As a result reports it. */
    public PreviousFetch previous() {
        return new PreviousFetch(status, outcome, sha256, fetchedAt.toString());
    }
}
