package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * {@link BlobStore} over a {@link HayloftClient}: assign, then upload to the assigned volume server
 * as a raw body that streams from the chunk's buffer without another copy (a full or unreachable volume
 * is retried with a fresh assignment, as {@link HayloftClient#put} does),
 * ranged download for reads, delete at the volume server for deletes. The assignment and the upload
 * are separate calls so the caller learns each fid before any byte is written to it.
 */
public final class ClientBlobStore implements BlobStore {
    /** Assign + upload attempts per chunk. */
    static final int WRITE_ATTEMPTS = 3;

    private final HayloftClient client;

    public ClientBlobStore(HayloftClient client) {
        this.client = client;
    }

    @Override
    public StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy, Consumer<FileId> assigned) {
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
                UploadResponse u = client.uploadRaw(a.url(), fid, data, name, mime.isEmpty() ? null : mime);
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
        if (length > 0) {
            client.download(fid, offset, length, out);
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
