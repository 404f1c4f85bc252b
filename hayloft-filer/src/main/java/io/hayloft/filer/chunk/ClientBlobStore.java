package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.SubmitResponse;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.io.OutputStream;

/**
 * {@link BlobStore} over a {@link HayloftClient}: assign + upload for writes (the client retries a
 * full or unreachable volume with a fresh assignment), lookup + download for reads, delete at the
 * volume server for deletes.
 *
 * <p>A read of part of a blob downloads the blob and keeps only the asked window: chunks are at most
 * a few MiB, and the client has no ranged download yet.
 */
public final class ClientBlobStore implements BlobStore {
    private final HayloftClient client;

    public ClientBlobStore(HayloftClient client) {
        this.client = client;
    }

    @Override
    public StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy) {
        AssignRequest request = AssignRequest.single()
                .withCollection(policy.collection().isEmpty() ? null : policy.collection())
                .withReplication(policy.replication())
                .withTtl(policy.ttl());
        SubmitResponse r = client.put(data, name, mime, request);
        return new StoredBlob(FileId.parse(r.fid()), r.eTag() == null ? "" : r.eTag());
    }

    @Override
    public void read(FileId fid, long offset, long length, OutputStream out) {
        client.download(fid, new WindowOutputStream(out, offset, length));
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
