package io.hayloft.it;

import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerPage;
import io.hayloft.s3.filer.FilerRead;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A {@link FilerAccess} that passes every call to another, but holds {@link #read} calls while it is
 * {@linkplain #close() closed} (and hands out no entry's bytes with its lookup, so every GET reads): a test can stop a GET between its answer's headers and its body, and see
 * how many reads wait ({@link #waiting()}); and counts the directory entries {@link #list} returned
 * ({@link #listed()}). Thread-safe.
 */
final class GatedFilerAccess implements FilerAccess {
    private final FilerAccess delegate;
    private final AtomicInteger waiting = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong listed = new java.util.concurrent.atomic.AtomicLong();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    GatedFilerAccess(FilerAccess delegate) {
        this.delegate = delegate;
    }

    /** Holds the reads that come from now on until {@link #open()}. */
    void close() {
        gate = new CountDownLatch(1);
    }

    /** Lets the held reads (and any later ones) go. */
    void open() {
        gate.countDown();
    }

    /** How many directory entries {@link #list} calls returned so far. */
    long listed() {
        return listed.get();
    }

    /** How many reads are held now. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public FilerRead read(String path, long offset, long length) {
        waiting.incrementAndGet();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            waiting.decrementAndGet();
        }
        return delegate.read(path, offset, length);
    }

    @Override
    public Optional<io.hayloft.api.wire.HttpTransport> transport() {
        return delegate.transport();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<String> masters() {
        return delegate.masters();
    }

    /** The entry without its bytes, so a GET of even a small object reads them through {@link #read}. */
    @Override
    public Optional<FilerEntry> find(String path) {
        return delegate.find(path).map(e -> new FilerEntry(e.path(), e.directory(), e.size(), e.mtime(), e.mime(),
                e.md5(), e.extended()));
    }

    @Override
    public FilerPage list(String directory, String start, boolean inclusive, int limit) {
        FilerPage page = delegate.list(directory, start, inclusive, limit);
        listed.addAndGet(page.entries().size());
        return page;
    }

    @Override
    public void mkdirs(String directory) {
        delegate.mkdirs(directory);
    }

    @Override
    public Written write(String path, InputStream body, long length, WriteOptions options) {
        return delegate.write(path, body, length, options);
    }

    @Override
    public boolean checksBeforeCommit() {
        return delegate.checksBeforeCommit();
    }

    @Override
    public Written write(String path, InputStream body, long length, WriteOptions options, Consumer<String> check) {
        return delegate.write(path, body, length, options, check);
    }

    @Override
    public boolean updatesMetadata() {
        return delegate.updatesMetadata();
    }

    @Override
    public FilerEntry updateMetadata(String path, UnaryOperator<Map<String, String>> change) {
        return delegate.updateMetadata(path, change);
    }

    @Override
    public Written compose(String path, List<String> sources, WriteOptions options) {
        return delegate.compose(path, sources, options);
    }

    @Override
    public void rename(String from, String to) {
        delegate.rename(from, to);
    }

    @Override
    public boolean delete(String path, boolean recursive) {
        return delegate.delete(path, recursive);
    }
}
