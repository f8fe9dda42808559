package io.urlfetcher.flow.history;

import io.urlfetcher.core.UrlLine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The list's lines, read {@value HistoryStore#LOOKUP_BATCH} at a time ahead of the split, whose fetchable lines are looked
 * up in the history with one query per chunk ({@link HistoryStore#findAll}); each line's visit waits in {@link #visits}
 * until its lookup step takes it. At most a chunk and the lines in flight are held: the list is still streamed.
 */
final class LookAhead implements Iterator<UrlLine> {

    /** The exchange property of the visits looked up ahead, by line index. */
    static final String PROPERTY = "fetchHistoryLookAhead";

    private final HistoryStore store;
    private final Iterator<UrlLine> lines;
    private final ArrayDeque<UrlLine> chunk = new ArrayDeque<>();
    private final Map<Integer, HistoryVisit> visits = new ConcurrentHashMap<>();

    LookAhead(HistoryStore store, Iterator<UrlLine> lines) {
        this.store = store;
        this.lines = lines;
    }

    Map<Integer, HistoryVisit> visits() {
        return visits;
    }

    @Override
    public boolean hasNext() {
        return !chunk.isEmpty() || lines.hasNext();
    }

    @Override
    public UrlLine next() {
        if (chunk.isEmpty()) {
            readChunk();
        }
        UrlLine line = chunk.poll();
        if (line == null) {
            throw new NoSuchElementException();
        }
        return line;
    }

    private void readChunk() {
        List<UrlLine> fetchable = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (chunk.size() < HistoryStore.LOOKUP_BATCH && lines.hasNext()) {
            UrlLine line = lines.next();
            chunk.add(line);
            if (line.isFetchable()) {
                fetchable.add(line);
                keys.add(HistoryKey.of(line));
            }
        }
        Map<String, HistoryEntry> found = store.findAll(keys);
        for (int i = 0; i < fetchable.size(); i++) {
            UrlLine line = fetchable.get(i);
            visits.put(line.index(), new HistoryVisit(keys.get(i), HistoryKey.shownUrl(line.uri()), found.get(keys.get(i))));
        }
    }
}
