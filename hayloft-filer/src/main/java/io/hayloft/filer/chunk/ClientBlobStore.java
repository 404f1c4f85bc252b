package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * {@link BlobStore} over a {@link HayloftClient}: assign, then upload to the assigned volume server
 * (with the assignment's token when writes are signed) as a raw body that streams from the chunk's buffer without another copy (a full or unreachable volume
 * is retried with a fresh assignment, as {@link HayloftClient#put} does),
 * ranged download for reads, delete at the volume server for deletes. The assignment and the upload
 * are separate calls so the caller learns each fid before any byte is written to it.
 *
 * <p>With a {@link ColocatedVolume} (the filer and a volume server in one process), a chunk assigned to
 * that server is written by method call, and a chunk it holds is read the same way and handed to the
 * output without a copy ({@link ChunkOutput#writeLent}); a copy that fails its CRC there, or a volume
 * closed under the read (it moved), is read over HTTP instead, where the volume server falls back to a
 * good replica.
 */
public final class ClientBlobStore implements BlobStore {
    /** Assign + upload attempts per chunk. */
    static final int WRITE_ATTEMPTS = 3;

    private final HayloftClient client;
    private final ColocatedVolume colocated;
    private final BufferedBytes buffered;

    public ClientBlobStore(HayloftClient client) {
        this(client, null, new BufferedBytes());
    }

    /**
     * @param colocated the volume server in this process, or null when there is none
     * @param buffered  counts the chunks read from {@code colocated} while they are being sent
     */
    public ClientBlobStore(HayloftClient client, ColocatedVolume colocated, BufferedBytes buffered) {
        this.client = client;
        this.colocated = colocated;
        this.buffered = buffered;
    }

    @Override
    public StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy, Consumer<FileId> assigned) {
        return write(data, data.length, name, mime, policy, assigned);
    }

    /** Stores {@code data[0, length)}: by method call on the colocated volume server, else over HTTP (copied). */
    @Override
    public StoredBlob write(byte[] data, int length, String name, String mime, StoragePolicy policy,
                            Consumer<FileId> assigned) {
        AssignRequest request = AssignRequest.single()
                .withCollection(policy.collection().isEmpty() ? null : policy.collection())
                .withReplication(policy.replication())
                .withTtl(policy.ttl());
        HayloftException last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            AssignResponse a = client.assign(request);
            FileId fid = FileId.parse(a.fid());
            assigned.accept(fid);
            try {
                if (colocated != null && colocated.url().equals(a.url())) {
                    return new StoredBlob(fid, colocated.write(fid, data, length, name, mime));
                }
                byte[] body = length == data.length ? data : Arrays.copyOf(data, length);
                UploadResponse u = client.uploadRaw(a.url(), fid, a.auth(), body, name, mime.isEmpty() ? null : mime);
                return new StoredBlob(fid, u.eTag() == null ? "" : u.eTag());
            } catch (HayloftException e) {
                if (e.code() != ErrorCode.UNAVAILABLE && e.code() != ErrorCode.VOLUME_NOT_WRITABLE) { // CONFLICT on a fresh fid surfaces
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    @Override
    public void read(FileId fid, long offset, long length, OutputStream out) {
        if (length <= 0) {
            return;
        }
        if (colocated != null && colocated.holds(fid) && readColocated(fid, offset, length, out)) {
            return;
        }
        client.download(fid, offset, length, out);
    }

    /**
     * Serves the read from the volume server in this process, into a buffer {@code out} lends when it can
     * (then the chunk goes from the file to the socket without another copy); false when its copy is
     * corrupt.
     */
    private boolean readColocated(FileId fid, long offset, long length, OutputStream out) {
        ChunkOutput chunks = out instanceof ChunkOutput c ? c : null;
        int[] held = {0};
        try {
            ByteBuffer data;
            try {
                data = colocated.read(fid, size -> {
                    buffered.hold(size);
                    held[0] = size;
                    return chunks != null ? chunks.lend(size) : ByteBuffer.allocate(size);
                });
            } catch (HayloftException e) {
                if (e.code() == ErrorCode.CORRUPT) {
                    return false;
                }
                throw e;
            } catch (IllegalStateException | UncheckedIOException e) {
                return false; // the volume closed under the read (moved or deleted): ask where it is now
            }
            HayloftException.checkArgument(offset + length <= data.remaining(),
                    "range " + offset + "+" + length + " is outside blob " + fid + " (" + data.remaining() + " bytes)");
            int from = data.position() + (int) offset;
            ByteBuffer range = data.duplicate().limit(from + (int) length).position(from); // indexes of the lent buffer
            if (chunks != null) {
                chunks.writeLent(range);
            } else {
                out.write(range.array(), range.arrayOffset() + from, (int) length);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob " + fid, e);
        } finally {
            if (chunks != null) {
                chunks.reclaim(); // a no-op once the buffer was written
            }
            buffered.release(held[0]);
        }
    }

    @Override
    public boolean delete(FileId fid) {
        try {
            client.delete(fid);
            return true;
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
