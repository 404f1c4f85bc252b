package io.hayloft.filer.chunk;

import io.hayloft.api.FileId;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The blob layer as the filer needs it: write a chunk, stream part of one, delete one. The
 * production implementation is {@link ClientBlobStore} over the cluster; tests may keep blobs in
 * memory.
 *
 * <p>Thread-safe; every method blocks until done, so call from virtual threads. Failures are
 * {@link io.hayloft.api.HayloftException}s (UNAVAILABLE when no server answers, NOT_FOUND for a
 * missing blob).
 */
public interface BlobStore {
    /**
     * Stores {@code data} as a new blob.
     *
     * @param assigned called with every fid this write obtains, before any byte is sent to it (a write
     *                 retried with a fresh fid calls it again); whatever it throws fails the write
     * @return the new blob's fid and eTag
     */
    StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy, Consumer<FileId> assigned);

    /**
     * Stores the first {@code length} bytes of {@code data} as a new blob (the array may be a longer,
     * reused chunk buffer; it must not change until this returns). This default copies them into an
     * array of their own; implementations that can store a part of an array override it.
     */
    default StoredBlob write(byte[] data, int length, String name, String mime, StoragePolicy policy,
                             Consumer<FileId> assigned) {
        return write(length == data.length ? data : Arrays.copyOf(data, length), name, mime, policy, assigned);
    }

    /** {@link #write(byte[], String, String, StoragePolicy, Consumer)} without watching the fids. */
    default StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy) {
        return write(data, name, mime, policy, fid -> { });
    }

    /**
     * Streams bytes {@code [offset, offset + length)} of blob {@code fid} into {@code out} (not closed).
     *
     * @throws io.hayloft.api.HayloftException NOT_FOUND when the blob is gone
     * @throws java.io.UncheckedIOException    when writing to {@code out} fails
     */
    void read(FileId fid, long offset, long length, OutputStream out);

    /**
     * Deletes blob {@code fid} from the volume servers.
     *
     * @return true when it was deleted, false when it did not exist
     */
    boolean delete(FileId fid);
}
