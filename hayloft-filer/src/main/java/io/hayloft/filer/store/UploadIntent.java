package io.hayloft.filer.store;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;

/**
 * A chunk a filer is about to upload (or is uploading) for a write that has not committed yet. It is
 * recorded durably before the chunk's bytes reach a volume server and removed in the same atomic
 * commit that makes the chunk reachable from an entry (or queues it for deletion). An intent left
 * behind therefore names a chunk of a write that never committed: an orphan, which the owner moves to
 * the deletion queue when it starts again, or any filer sharing the store once the intent is older
 * than the stale-intent age (the owner never came back).
 *
 * @param owner the filer that made the upload ({@code host:port}); at start a filer reclaims only its
 *              own intents
 * @param fid   the chunk's blob (it may never have been written: deleting it then finds nothing)
 */
public record UploadIntent(String owner, FileId fid) {
    public UploadIntent {
        HayloftException.checkArgument(owner != null && !owner.isEmpty() && owner.indexOf('\0') < 0,
                "intent owner must be non-empty and free of NUL");
        HayloftException.checkArgument(fid != null, "intent fid is required");
    }
}
