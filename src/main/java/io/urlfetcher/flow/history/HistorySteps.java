package io.urlfetcher.flow.history;

import io.urlfetcher.Change;
import io.urlfetcher.FetchResult;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.UrlLine;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The Kamelet's history steps (its template beans {@code openHistory}, {@code historyLookup}, {@code conditionalRequest},
 * {@code recordInHistory} and {@code writeHistory}), for a call with a history ({@code history} parameter or
 * {@code fetch.history}); without one each does nothing.
 */
public final class HistorySteps {

    private final String location;
    private final boolean conditional;
    private volatile HistoryStore store;

    /**
     * @param location    the folder or JDBC URL of the history; empty for none
     * @param conditional whether validators from the history are sent ({@code fetch.conditional})
     */
    public HistorySteps(String location, boolean conditional) {
        this.location = location;
        this.conditional = conditional;
    }

    /**
     * Opens a context's history before a batch is sent to the Kamelet, so a history that cannot be opened is a
     * configuration error of the command, not a failure of the route; the Kamelet's steps then find it open.
     *
     * @throws io.urlfetcher.ConfigurationException when it cannot be opened
     */
    public static void openFor(CamelContext context, String location) {
        if (!location.isEmpty()) {
            HistoryStores.of(context).store(location);
        }
    }

    /**
     * Before the split: the history is opened (a failure fails the call, not each line), and the list's lines are
     * looked up a chunk at a time as the split reads them ({@link LookAhead}).
     */
    public void open(Exchange exchange) {
        if (location.isEmpty()) {
            return;
        }
        HistoryStore history = store(exchange);
        if (exchange.getMessage().getBody() instanceof Iterator<?> lines) {
            @SuppressWarnings("unchecked")
            LookAhead ahead = new LookAhead(history, (Iterator<UrlLine>) lines);
            exchange.getMessage().setBody(ahead);
            exchange.setProperty(LookAhead.PROPERTY, ahead.visits());
        }
    }

    /** Before the request: the line's entry, looked up by its key, goes with it as a {@link HistoryVisit}. */
    public void lookup(Exchange exchange) {
        if (location.isEmpty()) {
            return;
        }
        UrlLine line = exchange.getMessage().getBody(UrlLine.class);
        if (line == null || !line.isFetchable()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<Integer, HistoryVisit> ahead = exchange.getProperty(LookAhead.PROPERTY, Map.class);
        HistoryVisit visit = ahead == null ? null : ahead.remove(line.index());
        if (visit == null) { // a list that was not an iterator (a body the split reads itself)
            String key = HistoryKey.of(line);
            visit = new HistoryVisit(key, HistoryKey.shownUrl(line.uri()), store(exchange).find(key));
        }
        exchange.setProperty(HistoryVisit.PROPERTY, visit);
    }

    /**
     * After the request is prepared: a GET or HEAD whose entry has validators asks If-None-Match (the ETag exactly as
     * the server sent it, weak or strong) and If-Modified-Since (the Last-Modified as sent), RFC 9110 §13.1. A request
     * that carries one of its own is left as it is, and a 304 answers it too.
     */
    public void conditional(Exchange exchange) {
        HistoryVisit visit = HistoryVisit.of(exchange);
        if (visit == null) {
            return;
        }
        Message message = exchange.getMessage();
        if (message.getHeader("If-None-Match") != null || message.getHeader("If-Modified-Since") != null) {
            visit.sentValidators();
            return;
        }
        Object method = message.getHeader(Exchange.HTTP_METHOD);
        HistoryEntry entry = visit.entry();
        if (!conditional || entry == null || !entry.hasValidators()
            || method != HttpMethods.GET && method != HttpMethods.HEAD) {
            return;
        }
        if (entry.etag() != null) {
            message.setHeader("If-None-Match", entry.etag());
        }
        if (entry.lastModified() != null) {
            message.setHeader("If-Modified-Since", entry.lastModified());
        }
        visit.sentValidators();
    }

    /**
     * After the line's result is made, once it was delivered: the result gets its change (unless the recorder gave it
     * one) and the history keeps the new entry, written with the next batch. A line the run did not finish
     * (not_started, interrupted, host_unavailable, delivery_failed, internal_error) leaves its entry as it was.
     */
    public void record(Exchange exchange) {
        HistoryVisit visit = HistoryVisit.of(exchange);
        FetchResult result = visit == null ? null : exchange.getMessage().getBody(FetchResult.class);
        if (result == null) {
            return;
        }
        HistoryEntry before = visit.entry();
        if (result.change() == null) {
            Change change = Changes.decide(before, result.outcome(), result.sha256());
            if (change == null) {
                return;
            }
            result = result.withChange(change, before == null ? null : before.previous());
            exchange.getMessage().setBody(result);
        }
        Outcome outcome = result.outcome();
        if (outcome.fetchedAgainOnResume() || outcome == Outcome.INTERNAL_ERROR) {
            return;
        }
        store(exchange).put(entry(visit, result, Instant.now()));
    }

    /** After the split: every entry of the batch is written before its report. */
    public void write(Exchange exchange) {
        if (!location.isEmpty()) {
            store(exchange).flush();
        }
    }

    /** The entry a result leaves: an ok one its validators, body hash and file; a failure keeps those of the last ok. */
    static HistoryEntry entry(HistoryVisit visit, FetchResult result, Instant now) {
        HistoryEntry before = visit.entry();
        boolean ok = !result.outcome().isFailure();
        if (!ok) {
            return new HistoryEntry(visit.key(), visit.url(), before == null ? null : before.etag(),
                    before == null ? null : before.lastModified(), before == null ? null : before.sha256(), result.status(),
                    result.outcome(), now, before == null ? now : before.changedAt(), before == null ? null : before.bodyFile());
        }
        boolean notModified = result.outcome() == Outcome.NOT_MODIFIED;
        boolean validating = notModified || result.status() != null && result.status() >= 200 && result.status() < 300;
        String etag = validating ? visit.responseEtag() : null;
        String lastModified = validating ? visit.responseLastModified() : null;
        if (notModified && before != null) { // a 304 need not repeat the validators (RFC 9110 §15.4.5)
            etag = etag != null ? etag : before.etag();
            lastModified = lastModified != null ? lastModified : before.lastModified();
        }
        boolean sameBody = before != null && (notModified || result.sha256() != null && result.sha256().equals(before.sha256()));
        return new HistoryEntry(visit.key(), visit.url(), etag, lastModified, result.sha256(), result.status(),
                result.outcome(), now, sameBody ? before.changedAt() : now, result.bodyFile());
    }

    private HistoryStore store(Exchange exchange) {
        HistoryStore current = store;
        if (current == null) {
            current = HistoryStores.of(exchange.getContext()).store(location);
            store = current;
        }
        return current;
    }
}
