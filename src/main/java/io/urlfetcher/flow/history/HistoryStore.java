package io.urlfetcher.flow.history;

import io.urlfetcher.ConfigurationException;
import io.urlfetcher.Outcome;
import io.urlfetcher.core.SecretRedactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The history's table, through plain JDBC: one entry per request ({@link HistoryEntry}), looked up one at a time as
 * lines are fetched (never all loaded) and written in batches, each one transaction. A folder holds an embedded H2
 * database ({@value #H2_FILE}.mv.db); a {@code jdbc:postgresql:} URL is a PostgreSQL database that several processes
 * share. The same SQL serves both, but for the upsert, which each database spells its own way.
 * <p>
 * Entries are written only after the result they describe was delivered (see {@code HistorySteps}): a killed run
 * loses at most its last unwritten batch, whose requests the next run then fetches and delivers again as changed.
 */
public final class HistoryStore implements AutoCloseable {

    static final String H2_FILE = "history";
    /** Entries written per transaction at most. */
    static final int BATCH = 500;
    /** A batch is written at least this often while a run goes on. */
    static final Duration WRITE_EVERY = Duration.ofSeconds(1);
    /** Connections that look entries up at once; more lines wait for one. */
    static final int READERS = 8;
    /** Batches in a row that may fail to be written before the run is stopped. */
    static final int FAILED_WRITES_ALLOWED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
    private static final String TABLE = "fetch_history";
    private static final String COLUMNS = "history_key, url, etag, last_modified, sha256, status, outcome, fetched_at,"
                                          + " changed_at, body_file";
    private static final String FIND = "SELECT url, etag, last_modified, sha256, status, outcome, fetched_at, changed_at,"
                                       + " body_file FROM " + TABLE + " WHERE history_key = ?";

    /** How each database writes an entry whether or not it is there. */
    private enum Dialect {
        H2("MERGE INTO " + TABLE + " (" + COLUMNS + ") KEY (history_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        POSTGRESQL("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   + " ON CONFLICT (history_key) DO UPDATE SET url = EXCLUDED.url, etag = EXCLUDED.etag,"
                   + " last_modified = EXCLUDED.last_modified, sha256 = EXCLUDED.sha256, status = EXCLUDED.status,"
                   + " outcome = EXCLUDED.outcome, fetched_at = EXCLUDED.fetched_at, changed_at = EXCLUDED.changed_at,"
                   + " body_file = EXCLUDED.body_file");

        final String upsert;

        Dialect(String upsert) {
            this.upsert = upsert;
        }
    }

    /** Keys looked up by one query of {@link #findAll}. */
    static final int LOOKUP_BATCH = 128;
    private static final String FIND_ALL = "SELECT history_key, url, etag, last_modified, sha256, status, outcome, fetched_at,"
                                           + " changed_at, body_file FROM " + TABLE + " WHERE history_key IN ("
                                           + String.join(", ", java.util.Collections.nCopies(LOOKUP_BATCH, "?")) + ")";

    private record Reader(Connection connection, PreparedStatement find, PreparedStatement findAll) {
    }

    private final String jdbcUrl;
    private final String shown;
    private final Dialect dialect;
    private final BlockingQueue<Reader> idleReaders = new ArrayBlockingQueue<>(READERS);
    private final AtomicInteger openReaders = new AtomicInteger();
    private final List<Reader> allReaders = new ArrayList<>();
    private final Connection writer;
    private final PreparedStatement upsert;
    private final ReentrantLock writing = new ReentrantLock();
    private final Object pendingLock = new Object();
    private Map<String, HistoryEntry> pending = new HashMap<>();
    private Map<String, HistoryEntry> beingWritten = Map.of();
    private long lastWriteNanos;
    private int failedWrites;
    private volatile boolean closed;

    private HistoryStore(String jdbcUrl, String shown, Dialect dialect) throws SQLException {
        this.jdbcUrl = jdbcUrl;
        this.shown = shown;
        this.dialect = dialect;
        this.writer = DriverManager.getConnection(jdbcUrl);
        try {
            createTable(writer);
            writer.setAutoCommit(false);
            this.upsert = writer.prepareStatement(dialect.upsert);
            this.lastWriteNanos = System.nanoTime();
        } catch (SQLException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Opens the history at a location: a folder (made if missing) holding an embedded H2 database, or a
     * {@code jdbc:postgresql:} URL (the table is made if missing).
     *
     * @throws ConfigurationException when it cannot be opened (the message names it, without a password)
     */
    public static HistoryStore open(String location) {
        String shown = SecretRedactor.redact(location);
        try {
            if (location.startsWith("jdbc:")) {
                Dialect dialect = location.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL
                        : location.startsWith("jdbc:h2:") ? Dialect.H2 : null;
                if (dialect == null) {
                    throw new ConfigurationException("invalid fetch.history = '" + shown
                            + "': a folder, or a jdbc:postgresql: (or jdbc:h2:) URL");
                }
                return new HistoryStore(location, shown, dialect);
            }
            Path folder = Path.of(location).toAbsolutePath();
            Files.createDirectories(folder);
            // No close at the JVM's exit: the store writes its last batch, then closes the database itself.
            String url = "jdbc:h2:file:" + folder.resolve(H2_FILE) + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=16384";
            return new HistoryStore(url, shown, Dialect.H2);
        } catch (IOException | SQLException e) {
            String why = e.getMessage() != null && e.getMessage().contains("already in use")
                    ? "another process is using it" : e.getClass().getSimpleName() + ": " + SecretRedactor.redact(e.getMessage());
            throw new ConfigurationException("cannot open the history " + shown + " (--history / fetch.history): " + why, e);
        }
    }

    /** The location, without a password, for messages. */
    public String shown() {
        return shown;
    }

    /** The entry of a request, or null when the history has none (one it is about to write counts). */
    public HistoryEntry find(String key) {
        synchronized (pendingLock) {
            HistoryEntry entry = pending.get(key);
            if (entry == null) {
                entry = beingWritten.get(key);
            }
            if (entry != null) {
                return entry;
            }
        }
        return read(reader -> {
            reader.find().setString(1, key);
            try (ResultSet row = reader.find().executeQuery()) {
                return row.next() ? entry(key, row, 1) : null;
            }
        });
    }

    /**
     * The entries of up to {@value #LOOKUP_BATCH} keys in one query, by key (a key without one is absent): lines read
     * ahead are looked up together, which costs the database one statement instead of one per line.
     */
    public Map<String, HistoryEntry> findAll(List<String> keys) {
        if (keys.size() > LOOKUP_BATCH) {
            throw new IllegalArgumentException("at most " + LOOKUP_BATCH + " keys at once");
        }
        Map<String, HistoryEntry> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        read(reader -> {
            for (int i = 0; i < LOOKUP_BATCH; i++) { // the unused places repeat a key: one statement for any count
                reader.findAll().setString(i + 1, keys.get(Math.min(i, keys.size() - 1)));
            }
            try (ResultSet rows = reader.findAll().executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1);
                    found.put(key, entry(key, rows, 2));
                }
            }
            return null;
        });
        synchronized (pendingLock) { // an entry about to be written is newer than the table's
            for (String key : keys) {
                HistoryEntry newer = pending.containsKey(key) ? pending.get(key) : beingWritten.get(key);
                if (newer != null) {
                    found.put(key, newer);
                }
            }
        }
        return found;
    }

    /** Keeps an entry to write with the next batch, which is written now when it is full or due. */
    public void put(HistoryEntry entry) {
        boolean due;
        boolean backlog;
        synchronized (pendingLock) {
            pending.put(entry.key(), entry);
            due = pending.size() >= BATCH || System.nanoTime() - lastWriteNanos >= WRITE_EVERY.toNanos();
            backlog = pending.size() >= 4 * BATCH;
        }
        if (backlog) { // lines faster than the database wait for it: the entries kept in memory stay bounded
            flush();
        } else if (due && writing.tryLock()) { // a line that finds a batch being written goes on; its entry waits for the next
            try {
                writePending(false);
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes every entry kept so far, in transactions of at most {@value #BATCH}: at the end of a batch run. */
    public void flush() {
        writing.lock();
        try {
            writePending(true);
        } finally {
            writing.unlock();
        }
    }

    /** Under the writing lock: one transaction per batch of entries, ordered by key (two writers then never deadlock). */
    private void writePending(boolean all) {
        do {
            List<HistoryEntry> batch;
            synchronized (pendingLock) {
                if (pending.isEmpty()) {
                    return;
                }
                beingWritten = pending;
                pending = new HashMap<>();
                batch = new ArrayList<>(beingWritten.values());
                lastWriteNanos = System.nanoTime();
            }
            batch.sort(Comparator.comparing(HistoryEntry::key));
            try {
                for (int from = 0; from < batch.size(); from += BATCH) {
                    write(batch.subList(from, Math.min(batch.size(), from + BATCH)));
                }
                failedWrites = 0;
                synchronized (pendingLock) {
                    beingWritten = Map.of();
                }
            } catch (SQLException e) {
                synchronized (pendingLock) { // kept for the next try; newer entries of the same key win
                    beingWritten.forEach(pending::putIfAbsent);
                    beingWritten = Map.of();
                }
                String why = "could not write " + batch.size() + " entries to the history " + shown + ": "
                             + SecretRedactor.redact(e.getMessage());
                if (all || ++failedWrites >= FAILED_WRITES_ALLOWED) {
                    throw new IllegalStateException(why, e);
                }
                LOG.warn("{}; they are written with the next batch", why);
                return;
            }
        } while (all);
    }

    private void write(List<HistoryEntry> batch) throws SQLException {
        try {
            for (HistoryEntry entry : batch) {
                upsert.setString(1, entry.key());
                upsert.setString(2, entry.url());
                upsert.setString(3, entry.etag());
                upsert.setString(4, entry.lastModified());
                upsert.setString(5, entry.sha256());
                if (entry.status() == null) {
                    upsert.setNull(6, Types.INTEGER);
                } else {
                    upsert.setInt(6, entry.status());
                }
                upsert.setString(7, entry.outcome().label());
                upsert.setObject(8, OffsetDateTime.ofInstant(entry.fetchedAt(), ZoneOffset.UTC));
                upsert.setObject(9, OffsetDateTime.ofInstant(entry.changedAt(), ZoneOffset.UTC));
                upsert.setString(10, entry.bodyFile());
                upsert.addBatch();
            }
            upsert.executeBatch();
            writer.commit();
        } catch (SQLException e) {
            try {
                upsert.clearBatch();
                writer.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /** Entries in the table (not counting those not yet written): for tests and the benchmark. */
    public long size() {
        return read(reader -> {
            try (Statement count = reader.connection().createStatement();
                 ResultSet row = count.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** Writes what is left and closes the database's connections (the embedded database with them). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } finally {
            synchronized (allReaders) {
                allReaders.forEach(reader -> closeQuietly(reader.connection()));
            }
            closeQuietly(writer);
        }
    }

    /** A query on a reader connection of its own. */
    @FunctionalInterface
    private interface Query<T> {
        T run(Reader reader) throws SQLException;
    }

    /** Runs the query on a borrowed reader, given back after it; one that failed is closed, not given back. */
    private <T> T read(Query<T> query) {
        Reader reader = borrow();
        boolean healthy = false;
        try {
            T result = query.run(reader);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the history " + shown + ": " + SecretRedactor.redact(e.getMessage()), e);
        } finally {
            if (healthy) {
                idleReaders.add(reader);
            } else {
                closeQuietly(reader.connection());
                openReaders.decrementAndGet();
            }
        }
    }

    private Reader borrow() {
        Reader reader = idleReaders.poll();
        if (reader != null) {
            return reader;
        }
        if (openReaders.incrementAndGet() <= READERS) {
            try {
                Connection connection = DriverManager.getConnection(jdbcUrl);
                Reader opened = new Reader(connection, connection.prepareStatement(FIND), connection.prepareStatement(FIND_ALL));
                synchronized (allReaders) {
                    allReaders.add(opened);
                }
                return opened;
            } catch (SQLException e) {
                openReaders.decrementAndGet();
                throw new IllegalStateException("could not connect to the history " + shown + ": "
                        + SecretRedactor.redact(e.getMessage()), e);
            }
        }
        openReaders.decrementAndGet();
        try {
            reader = idleReaders.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the history " + shown, e);
        }
        if (reader == null) {
            throw new IllegalStateException("no connection to the history " + shown + " was free for 30 s");
        }
        return reader;
    }

    /** The entry of a row whose url column is the {@code first}; the key, the others follow. */
    private static HistoryEntry entry(String key, ResultSet row, int first) throws SQLException {
        int status = row.getInt(first + 4);
        Integer boxed = row.wasNull() ? null : status;
        return new HistoryEntry(key, row.getString(first), row.getString(first + 1), row.getString(first + 2),
                row.getString(first + 3), boxed, outcome(row.getString(first + 5)),
                instant(row.getObject(first + 6, OffsetDateTime.class)), instant(row.getObject(first + 7, OffsetDateTime.class)),
                row.getString(first + 8));
    }

    /** An outcome this version does not know (written by a newer one) counts as a failure. */
    private static Outcome outcome(String label) {
        try {
            return Outcome.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Outcome.INTERNAL_ERROR;
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    /** Two processes may make the table at once (PostgreSQL then refuses the second CREATE): it is there either way. */
    private static void createTable(Connection connection) throws SQLException {
        String create = "CREATE TABLE IF NOT EXISTS " + TABLE + " (history_key VARCHAR PRIMARY KEY, url VARCHAR,"
                        + " etag VARCHAR, last_modified VARCHAR, sha256 VARCHAR, status INTEGER, outcome VARCHAR NOT NULL,"
                        + " fetched_at TIMESTAMP WITH TIME ZONE NOT NULL, changed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                        + " body_file VARCHAR)";
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(create);
                return;
            } catch (SQLException e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing more to lose
        }
    }
}
