package io.urlfetcher.distributed;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import java.util.BitSet;

/**
 * The indices of one batch whose result has arrived, for Camel's idempotent consumer: a result delivered
 * twice (a job redelivered after its first result was sent) is counted once. One bit per URL, so a batch
 * of a million URLs costs 125 KB.
 */
final class BatchIndexRepository extends ServiceSupport implements IdempotentRepository {

    private final BitSet seen = new BitSet();
    private int count;

    @Override
    public synchronized boolean add(String key) {
        int index = index(key);
        if (seen.get(index)) {
            return false;
        }
        seen.set(index);
        count++;
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        return seen.get(index(key));
    }

    @Override
    public synchronized boolean remove(String key) {
        int index = index(key);
        boolean had = seen.get(index);
        if (had) {
            seen.clear(index);
            count--;
        }
        return had;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        seen.clear();
        count = 0;
    }

    public synchronized boolean contains(int index) {
        return seen.get(index);
    }

    /** Distinct results so far. */
    public synchronized int count() {
        return count;
    }

    private static int index(String key) {
        int index;
        try {
            index = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a result's " + JobHeaders.INDEX + " is not a number: " + key, e);
        }
        if (index < 0) {
            throw new IllegalArgumentException("a result's " + JobHeaders.INDEX + " is negative: " + key);
        }
        return index;
    }
}
