package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A {@link BlobStore} in memory, with switches to make writes or deletes fail. For tests. */
public final class MemoryBlobStore implements BlobStore {
    private final Map<FileId, byte[]> blobs = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong(1);
    private final Set<FileId> undeletable = ConcurrentHashMap.newKeySet();
    private final AtomicInteger writesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    @Override
    public StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy, Consumer<FileId> assigned) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            FileId fid = FileId.of(1, nextKey.getAndIncrement(), 0x12345678);
            assigned.accept(fid);
            if (writesBeforeFailure.getAndDecrement() <= 0) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "injected write failure");
            }
            blobs.put(fid, data.clone());
            return new StoredBlob(fid, "e" + fid.key());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void read(FileId fid, long offset, long length, OutputStream out) {
        byte[] data = blobs.get(fid);
        if (data == null) {
            throw HayloftException.notFound("no blob " + fid);
        }
        try {
            out.write(data, (int) offset, (int) length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(FileId fid) {
        if (undeletable.contains(fid)) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "injected delete failure for " + fid);
        }
        return blobs.remove(fid) != null;
    }

    /** Lets {@code n} more writes succeed, then fails every write. */
    public void failWritesAfter(int n) {
        writesBeforeFailure.set(n);
    }

    /** Makes deleting {@code fid} fail (true) or work again (false). */
    public void setUndeletable(FileId fid, boolean failing) {
        if (failing) {
            undeletable.add(fid);
        } else {
            undeletable.remove(fid);
        }
    }

    public boolean contains(FileId fid) {
        return blobs.containsKey(fid);
    }

    public int size() {
        return blobs.size();
    }

    /** The most writes that ever ran at once. */
    public int maxConcurrentWrites() {
        return maxInFlight.get();
    }
}
