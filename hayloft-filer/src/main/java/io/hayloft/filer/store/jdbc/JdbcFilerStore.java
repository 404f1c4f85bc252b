package io.hayloft.filer.store.jdbc;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.EntryCodec;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.TreeOperations;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.UploadIntent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link FilerStore} in a PostgreSQL-compatible database (PostgreSQL; CockroachDB and YugabyteDB
 * speak its protocol), so several filers can share one namespace and the metadata can outgrow one
 * machine. The schema is created when missing:
 * <pre>
 *   CREATE TABLE IF NOT EXISTS filer_entry (
 *       directory TEXT COLLATE "C" NOT NULL,   -- the parent's path, "/" for the root's children
 *       name      TEXT COLLATE "C" NOT NULL,   -- the last path segment
 *       meta      BYTEA NOT NULL,              -- the entry in EntryCodec's binary format
 *       PRIMARY KEY (directory, name));        -- the B-tree a listing walks in name order
 *   CREATE TABLE IF NOT EXISTS filer_deletion (
 *       seq         BIGSERIAL PRIMARY KEY,     -- queue order
 *       fid         TEXT NOT NULL,
 *       enqueued_ms BIGINT NOT NULL);          -- epoch milliseconds
 *   CREATE TABLE IF NOT EXISTS filer_upload_intent (
 *       owner       TEXT NOT NULL,             -- the filer's host:port
 *       fid         TEXT NOT NULL,
 *       recorded_ms BIGINT NOT NULL,
 *       PRIMARY KEY (owner, fid));
 * </pre>
 * {@code COLLATE "C"} on a UTF-8 database orders names by their UTF-8 bytes, as the SPI requires. A
 * listing is {@code WHERE directory = ? AND name > ? ORDER BY name LIMIT ?}, an index range scan. A
 * {@link Mutation} is one transaction (deletes, upserts, queue inserts, intent deletes, in that
 * order). Durability is the database's: with PostgreSQL's default {@code synchronous_commit=on} a
 * committed mutation survives a crash.
 *
 * <p><b>Several filers sharing the tables.</b> The store applies the namespace's tree operations itself
 * ({@link TreeOperations}): each {@code mkdirs}, {@code commitFile}, {@code composeFile}, {@code delete},
 * {@code rename} and {@code updateExtended} runs the namespace's rules inside one SERIALIZABLE transaction,
 * so what it read is what it changes whichever filer races it; PostgreSQL refuses one of two racing
 * transactions (SQLState 40001) and it runs again (up to 20 times, with a short random pause). Create
 * and replace are {@code INSERT ... ON CONFLICT}; a rename or a tree delete is one transaction.
 */
public final class JdbcFilerStore implements FilerStore, TreeOperations {
    /** Connections per filer: mutations are serialised by the namespace, reads run alongside. */
    static final int POOL_SIZE = 4;
    private static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS filer_entry (
                directory TEXT COLLATE "C" NOT NULL,
                name TEXT COLLATE "C" NOT NULL,
                meta BYTEA NOT NULL,
                PRIMARY KEY (directory, name))""",
            """
            CREATE TABLE IF NOT EXISTS filer_deletion (
                seq BIGSERIAL PRIMARY KEY,
                fid TEXT NOT NULL,
                enqueued_ms BIGINT NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS filer_upload_intent (
                owner TEXT NOT NULL,
                fid TEXT NOT NULL,
                recorded_ms BIGINT NOT NULL,
                PRIMARY KEY (owner, fid))""");
    private static final String FIND = "SELECT meta FROM filer_entry WHERE directory = ? AND name = ?";
    private static final String LIST_FROM = "SELECT name, meta FROM filer_entry WHERE directory = ? AND name >= ?"
            + " ORDER BY name COLLATE \"C\" LIMIT ?";
    private static final String LIST_AFTER = "SELECT name, meta FROM filer_entry WHERE directory = ? AND name > ?"
            + " ORDER BY name COLLATE \"C\" LIMIT ?";
    private static final String DELETE_ENTRY = "DELETE FROM filer_entry WHERE directory = ? AND name = ?";
    private static final String UPSERT_ENTRY = "INSERT INTO filer_entry (directory, name, meta) VALUES (?, ?, ?)"
            + " ON CONFLICT (directory, name) DO UPDATE SET meta = EXCLUDED.meta";
    private static final String ENQUEUE = "INSERT INTO filer_deletion (fid, enqueued_ms) VALUES (?, ?)";
    private static final String PENDING = "SELECT seq, fid, enqueued_ms FROM filer_deletion WHERE seq > ?"
            + " ORDER BY seq LIMIT ?";
    private static final String COMPLETE = "DELETE FROM filer_deletion WHERE seq = ?";
    private static final String RECORD_INTENT = "INSERT INTO filer_upload_intent (owner, fid, recorded_ms)"
            + " VALUES (?, ?, ?) ON CONFLICT (owner, fid) DO NOTHING";
    private static final String INTENTS = "SELECT fid FROM filer_upload_intent WHERE owner = ? LIMIT ?";
    private static final String CLEAR_INTENT = "DELETE FROM filer_upload_intent WHERE owner = ? AND fid = ?";
    private static final String STALE_INTENTS = "SELECT owner, fid FROM filer_upload_intent WHERE recorded_ms < ?"
            + " LIMIT ?";

    private final ConnectionPool pool;
    private final Clock clock;

    private JdbcFilerStore(ConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Connects to {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db:5432/hayloft?user=filer}) and creates
     * the tables when missing.
     *
     * @param clock stamps deletion-queue entries and upload intents
     * @throws HayloftException BAD_REQUEST for a URL that is not {@code jdbc:postgresql:}, INTERNAL when the
     *                          database cannot be reached or the schema cannot be created
     */
    public static JdbcFilerStore open(String jdbcUrl, Clock clock) {
        HayloftException.checkArgument(jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:"),
                "the JDBC filer store needs a jdbc:postgresql: URL, got " + jdbcUrl);
        ConnectionPool pool = new ConnectionPool(jdbcUrl, POOL_SIZE);
        try {
            pool.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    for (String ddl : SCHEMA) {
                        s.execute(ddl);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            pool.close();
            throw ConnectionPool.failure("cannot open the filer store at " + redacted(jdbcUrl), e);
        }
        return new JdbcFilerStore(pool, clock);
    }

    @Override
    public Optional<Entry> find(FullPath path) {
        if (path.isRoot()) {
            return Optional.empty();
        }
        try {
            return pool.call(c -> findIn(c, path));
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot read " + path, e);
        }
    }

    private static Optional<Entry> findIn(Connection c, FullPath path) throws SQLException {
        if (path.isRoot()) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, path.parent().value());
            s.setString(2, path.name());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(EntryCodec.decode(path, r.getBytes(1))) : Optional.empty();
            }
        }
    }

    @Override
    public List<Entry> list(FullPath directory, String startFileName, boolean inclusive, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        try {
            return pool.call(c -> listIn(c, directory, startFileName, inclusive, limit));
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot list " + directory, e);
        }
    }

    private static List<Entry> listIn(Connection c, FullPath directory, String startFileName, boolean inclusive,
                                      int limit) throws SQLException {
        String start = startFileName == null ? "" : startFileName;
        try (PreparedStatement s = c.prepareStatement(inclusive || start.isEmpty() ? LIST_FROM : LIST_AFTER)) {
            s.setString(1, directory.value());
            s.setString(2, start);
            s.setInt(3, limit);
            List<Entry> out = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(EntryCodec.decode(directory.child(r.getString(1)), r.getBytes(2)));
                }
            }
            return out;
        }
    }

    @Override
    public void commit(Mutation mutation) {
        if (mutation.isEmpty()) {
            return;
        }
        try {
            pool.transaction(c -> {
                applyIn(c, mutation);
                return null;
            });
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot commit a filer mutation", e);
        }
    }

    /** Writes {@code mutation} in {@code c}'s open transaction. */
    private void applyIn(Connection c, Mutation mutation) throws SQLException {
        claim(c, mutation.claimedUploadIntents());
        batch(c, DELETE_ENTRY, mutation.deletes(), (s, p) -> {
            s.setString(1, p.parent().value());
            s.setString(2, p.name());
        });
        batch(c, UPSERT_ENTRY, mutation.puts(), (s, e) -> {
            s.setString(1, e.path().parent().value());
            s.setString(2, e.name());
            s.setBytes(3, EntryCodec.encode(e));
        });
        long now = clock.millis();
        batch(c, ENQUEUE, mutation.enqueuedDeletions(), (s, fid) -> {
            s.setString(1, fid.toString());
            s.setLong(2, now);
        });
        batch(c, CLEAR_INTENT, mutation.clearedUploadIntents(), (s, i) -> {
            s.setString(1, i.owner());
            s.setString(2, i.fid().toString());
        });
    }

    // ---- tree operations: each one SERIALIZABLE transaction, retried on a serialization failure ----

    /** How many times a tree operation runs again after PostgreSQL refused to serialise it. */
    static final int SERIALIZABLE_ATTEMPTS = 20;

    @Override
    public Entry mkdirs(FullPath directory) {
        return serializable("make " + directory, ns -> ns.mkdirs(directory));
    }

    @Override
    public Entry commitFile(Entry file, Collection<UploadIntent> intents) {
        return serializable("store " + file.path(), ns -> ns.commitFile(file, intents));
    }

    @Override
    public int delete(FullPath path, boolean recursive) {
        return serializable("delete " + path, ns -> ns.delete(path, recursive));
    }

    @Override
    public Entry rename(FullPath from, FullPath to) {
        return serializable("move " + from, ns -> ns.rename(from, to));
    }

    @Override
    public Entry composeFile(Entry file, List<Entry> sources, Collection<UploadIntent> intents) {
        return serializable("compose " + file.path(), ns -> ns.composeFile(file, sources, intents));
    }

    @Override
    public Optional<Entry> updateExtended(Entry current, java.util.Map<String, String> extended) {
        return serializable("update the metadata of " + current.path(), ns -> {
            Optional<Entry> now = ns.find(current.path());
            if (now.isEmpty()) {
                throw HayloftException.notFound(current.path() + ": no such file or directory");
            }
            if (!java.util.Arrays.equals(EntryCodec.encode(now.get()), EntryCodec.encode(current))) {
                return Optional.<Entry>empty();
            }
            return Optional.of(ns.updateExtended(current.path(), old -> extended));
        });
    }

    /**
     * Runs {@code operation} with the namespace's own rules over one SERIALIZABLE transaction (a
     * {@link InTransaction} view): everything it reads and writes is one atomic step, whichever filer
     * shares the database, the way a partition applies a Raft entry. PostgreSQL refuses to commit a
     * transaction that raced another (SQLState 40001, or 40P01 for a deadlock): it is run again, up to
     * {@value #SERIALIZABLE_ATTEMPTS} times. A domain failure (CONFLICT, NOT_FOUND...) rolls back.
     *
     * @throws HayloftException the operation's failure; INTERNAL when the database fails, or still
     *                          refuses after every attempt
     */
    private <T> T serializable(String what, java.util.function.Function<Namespace, T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return pool.call(c -> {
                    c.setAutoCommit(false);
                    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                    try {
                        T result = operation.apply(new Namespace(new InTransaction(c), clock, () -> { }));
                        c.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        try {
                            c.rollback();
                        } catch (SQLException rollback) {
                            e.addSuppressed(rollback);
                        }
                        if (e instanceof InTransaction.Failure f) {
                            throw f.sql;
                        }
                        throw e;
                    } finally {
                        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                        c.setAutoCommit(true);
                    }
                });
            } catch (SQLException e) {
                boolean raced = "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!raced || attempt == SERIALIZABLE_ATTEMPTS) {
                    throw ConnectionPool.failure("cannot " + what + (raced ? " (still racing other writers after "
                            + attempt + " attempts)" : ""), e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.ThreadLocalRandom.current()
                        .nextLong(1_000_000L << Math.min(attempt, 5)));
            }
        }
    }

    /**
     * The store as one open transaction sees it, for the namespace's rules inside {@link #serializable}:
     * reads and writes go to the transaction, which the caller commits. Only the entry methods are
     * offered. Not thread-safe (one operation's thread).
     */
    private final class InTransaction implements FilerStore {
        /** An SQL failure inside the transaction, carried out of the namespace's unchecked calls. */
        private static final class Failure extends RuntimeException {
            private static final long serialVersionUID = 1L;
            private final transient SQLException sql;

            Failure(SQLException sql) {
                super(sql.getMessage(), sql, false, false);
                this.sql = sql;
            }
        }

        private final Connection c;

        InTransaction(Connection c) {
            this.c = c;
        }

        @Override
        public Optional<Entry> find(FullPath path) {
            try {
                return findIn(c, path);
            } catch (SQLException e) {
                throw new Failure(e);
            }
        }

        @Override
        public List<Entry> list(FullPath directory, String startFileName, boolean inclusive, int limit) {
            try {
                return listIn(c, directory, startFileName, inclusive, limit);
            } catch (SQLException e) {
                throw new Failure(e);
            }
        }

        @Override
        public void commit(Mutation mutation) {
            try {
                applyIn(c, mutation);
            } catch (SQLException e) {
                throw new Failure(e);
            }
        }

        @Override
        public List<PendingDeletion> pendingDeletions(long afterSequence, int limit) {
            throw new IllegalStateException("not inside a tree operation");
        }

        @Override
        public void completeDeletions(Collection<PendingDeletion> done) {
            throw new IllegalStateException("not inside a tree operation");
        }

        @Override
        public void recordUploadIntents(Collection<UploadIntent> intents) {
            throw new IllegalStateException("not inside a tree operation");
        }

        @Override
        public List<UploadIntent> uploadIntents(String owner, int limit) {
            throw new IllegalStateException("not inside a tree operation");
        }

        @Override
        public List<UploadIntent> uploadIntentsRecordedBefore(Instant cutoff, int limit) {
            throw new IllegalStateException("not inside a tree operation");
        }

        @Override
        public void close() {
            // the transaction belongs to serializable()
        }
    }

    @Override
    public List<PendingDeletion> pendingDeletions(long afterSequence, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        try {
            return pool.call(c -> {
                try (PreparedStatement s = c.prepareStatement(PENDING)) {
                    s.setLong(1, afterSequence);
                    s.setInt(2, limit);
                    List<PendingDeletion> out = new ArrayList<>();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            out.add(new PendingDeletion(r.getLong(1), FileId.parse(r.getString(2)),
                                    Instant.ofEpochMilli(r.getLong(3))));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot read the deletion queue", e);
        }
    }

    @Override
    public void completeDeletions(Collection<PendingDeletion> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            pool.transaction(c -> {
                batch(c, COMPLETE, done, (s, d) -> s.setLong(1, d.sequence()));
                return null;
            });
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot remove finished deletions", e);
        }
    }

    @Override
    public void recordUploadIntents(Collection<UploadIntent> intents) {
        if (intents.isEmpty()) {
            return;
        }
        long now = clock.millis();
        try {
            pool.transaction(c -> {
                batch(c, RECORD_INTENT, intents, (s, i) -> {
                    s.setString(1, i.owner());
                    s.setString(2, i.fid().toString());
                    s.setLong(3, now);
                });
                return null;
            });
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot record upload intents", e);
        }
    }

    @Override
    public List<UploadIntent> uploadIntents(String owner, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        try {
            return pool.call(c -> {
                try (PreparedStatement s = c.prepareStatement(INTENTS)) {
                    s.setString(1, owner);
                    s.setInt(2, limit);
                    List<UploadIntent> out = new ArrayList<>();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            out.add(new UploadIntent(owner, FileId.parse(r.getString(1))));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot read upload intents", e);
        }
    }

    @Override
    public List<UploadIntent> uploadIntentsRecordedBefore(Instant cutoff, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        try {
            return pool.call(c -> {
                try (PreparedStatement s = c.prepareStatement(STALE_INTENTS)) {
                    s.setLong(1, cutoff.toEpochMilli());
                    s.setInt(2, limit);
                    List<UploadIntent> out = new ArrayList<>();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            out.add(new UploadIntent(r.getString(1), FileId.parse(r.getString(2))));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw ConnectionPool.failure("cannot read upload intents", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * Deletes {@code intents}, each of which must exist; CONFLICT otherwise (the transaction rolls back).
     * A concurrent transaction deleting the same row blocks this one until it ends, then this one sees no
     * row: of two claims, one wins.
     */
    private static void claim(Connection c, Collection<UploadIntent> intents) throws SQLException {
        if (intents.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(CLEAR_INTENT)) {
            for (UploadIntent i : intents) {
                s.setString(1, i.owner());
                s.setString(2, i.fid().toString());
                if (s.executeUpdate() != 1) {
                    throw new HayloftException(ErrorCode.CONFLICT, "upload intent of " + i.fid()
                            + " is gone (swept as stale): the write cannot commit");
                }
            }
        }
    }

    /** Binds each item of {@code items} into {@code sql} and runs them as one JDBC batch. */
    private static <T> void batch(Connection c, String sql, Collection<T> items, Binder<T> binder)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(s, item);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Sets one item's parameters on a statement. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    /** {@code url} without its query, which may carry a password: safe to log. */
    public static String redacted(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }
}
