package io.hayloft.filer.store.jdbc;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed number of JDBC connections to one database, opened on demand and reused. A connection that
 * failed with a connection-class error (SQLState {@code 08xxx}) or that no longer answers is dropped
 * and replaced by the next caller. Thread-safe; callers block while every connection is in use.
 */
final class ConnectionPool implements AutoCloseable {
    /** Work done with a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final String url;
    private final Semaphore permits;
    private final BlockingQueue<Connection> idle;
    private final AtomicBoolean closed = new AtomicBoolean();

    ConnectionPool(String url, int size) {
        HayloftException.checkArgument(size >= 1, "connection pool size must be at least 1");
        this.url = url;
        this.permits = new Semaphore(size, true);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /**
     * Runs {@code work} with a connection in auto-commit mode.
     *
     * @throws SQLException what {@code work} or opening a connection threw
     */
    <T> T call(Work<T> work) throws SQLException {
        if (closed.get()) {
            throw new IllegalStateException("the filer store is closed");
        }
        permits.acquireUninterruptibly();
        Connection c = null;
        boolean healthy = false;
        try {
            c = idle.poll();
            if (c == null) {
                c = DriverManager.getConnection(url);
            }
            T result = work.apply(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            healthy = c != null && !isConnectionFailure(e) && c.isValid(2);
            throw e;
        } finally {
            release(c, healthy);
            permits.release();
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @throws SQLException what {@code work} or the commit threw (nothing was changed)
     */
    <T> T transaction(Work<T> work) throws SQLException {
        return call(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** Closes the idle connections; connections in use close when returned. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private void release(Connection c, boolean healthy) {
        if (c == null) {
            return;
        }
        if (!healthy || closed.get() || !idle.offer(c)) {
            closeQuietly(c);
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Dropping a broken connection: nothing more to do with it.
        }
    }

    /** INTERNAL failure for {@code what}, with the database's SQLState. */
    static HayloftException failure(String what, SQLException e) {
        return new HayloftException(ErrorCode.INTERNAL,
                what + ": " + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"),
                e);
    }
}
