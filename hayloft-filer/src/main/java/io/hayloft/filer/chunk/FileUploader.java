package io.hayloft.filer.chunk;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a file's content and then commits its entry: content up to the inline limit is stored in
 * the entry itself, anything longer as chunks through a {@link ChunkWriter}. The MD5 of the whole
 * content is computed on the way in. The entry is committed only after every chunk is stored; if the
 * write fails, the chunks already stored are queued for deletion, so nothing is left behind.
 *
 * <p>Thread-safe; {@link #upload} blocks until the entry is committed.
 */
public final class FileUploader {
    private final Namespace namespace;
    private final FilerStore store;
    private final ChunkWriter chunks;
    private final Clock clock;
    private final int inlineLimit;

    /** @param inlineLimit files of at most this many bytes are stored in their entry (0: never) */
    public FileUploader(Namespace namespace, FilerStore store, ChunkWriter chunks, Clock clock, int inlineLimit) {
        HayloftException.checkArgument(inlineLimit >= 0, "inline limit must not be negative");
        this.namespace = namespace;
        this.store = store;
        this.chunks = chunks;
        this.clock = clock;
        this.inlineLimit = inlineLimit;
    }

    /**
     * What to write.
     *
     * @param path      where the file goes
     * @param mime      its MIME type, or empty
     * @param policy    collection, replication and TTL of its chunks
     * @param chunkSize chunk size in bytes
     * @param extended  user metadata to store with the entry
     */
    public record Upload(FullPath path, String mime, StoragePolicy policy, int chunkSize,
                         Map<String, String> extended) {
        public Upload {
            HayloftException.checkArgument(path != null && !path.isRoot(), "a file path is required");
            HayloftException.checkArgument(chunkSize >= 1, "chunk size must be at least 1 byte");
            mime = mime == null ? "" : mime;
            extended = extended == null ? Map.of() : Map.copyOf(extended);
        }
    }

    /**
     * Reads {@code content} to its end, stores it and commits the file's entry (replacing, and
     * queueing the chunks of, any file at the path).
     *
     * @return the committed entry; its {@link Entry#md5()} is the ETag
     * @throws HayloftException CONFLICT when the path cannot hold a file (checked before any upload),
     *                          BAD_REQUEST when {@code content} breaks, or the blob store's failure
     */
    public Entry upload(Upload upload, InputStream content) {
        namespace.checkFileWritable(upload.path());
        MessageDigest md5 = md5();
        InputStream in = new DigestInputStream(content, md5);
        byte[] head;
        try {
            head = in.readNBytes(inlineLimit + 1);
        } catch (IOException e) {
            throw HayloftException.badRequest("cannot read the request body: " + e.getMessage());
        }
        Entry entry;
        if (head.length <= inlineLimit) {
            entry = Entry.newInlineFile(upload.path(), clock.instant(), upload.mime(), hex(md5), upload.policy().ttl(),
                    head);
        } else {
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), in);
            List<FileChunk> stored;
            try {
                stored = chunks.write(whole, upload.chunkSize(), upload.path().name(), upload.mime(), upload.policy());
            } catch (UploadAbortedException e) {
                store.commit(new Mutation().enqueueDeletion(e.uploaded()));
                throw e;
            }
            long size = stored.isEmpty() ? 0 : stored.getLast().end();
            entry = Entry.newChunkedFile(upload.path(), clock.instant(), size, upload.mime(), hex(md5),
                    upload.policy().ttl(), stored);
        }
        Entry file = entry.withExtended(upload.extended());
        try {
            return namespace.commitFile(file);
        } catch (RuntimeException e) {
            store.commit(new Mutation().enqueueDeletion(file.chunks().stream().map(FileChunk::fid).toList()));
            throw e;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }

    private static String hex(MessageDigest md5) {
        return HexFormat.of().formatHex(md5.digest());
    }
}
