package io.hayloft.filer.chunk;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.entry.Md5;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.UploadIntent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a file's content and then commits its entry: content up to the inline limit is stored in
 * the entry itself, anything longer as chunks through a {@link ChunkWriter}. The MD5 of the whole
 * content is computed on the way in (for chunked files by the chunk writer on a thread of its own while
 * the next chunk is received) when the file fits in one chunk or the upload asks for it
 * ({@link Upload#wholeMd5()}: the S3 gateway, whose clients take a PutObject's ETag for the MD5, and a
 * client that sent {@code Content-MD5}); a file of several chunks written without it gets the ETag
 * {@link Entry#eTag()} derives from its chunks. An MD5 runs at about 700 MB/s on one core and cannot be
 * split over threads: for a large file it cost more CPU than everything else the write does.
 *
 * <p><b>No orphans.</b> Each chunk's fid is recorded as an {@link UploadIntent} of this filer
 * ({@code owner}) before its bytes are sent. The commit that stores the entry claims the intents in
 * the same atomic mutation (it fails with CONFLICT, storing nothing, when one is gone); a write that
 * fails queues every fid it obtained for deletion and clears its intents, also atomically. If the filer
 * dies in between, the intents stay behind: {@code deletion.OrphanReclaimer} queues their chunks for
 * deletion at the next start, and {@code deletion.StaleIntentSweeper} of any filer sharing the store
 * does once they are older than {@code FilerConfig.staleIntentAge}, should the filer never come back.
 * <pre>
 *   assign fid ─► record intent (durable) ─► upload chunk ─► … ─► commit { put entry, clear intents }
 *                                                         └─ fails ─► commit { enqueue fids, clear intents }
 * </pre>
 *
 * <p>Thread-safe; {@link #upload} blocks until the entry is committed.
 */
public final class FileUploader {
    private final Namespace namespace;
    private final FilerStore store;
    private final ChunkWriter chunks;
    private final Clock clock;
    private final int inlineLimit;
    private final String owner;
    private final UploadFaults faults;

    /**
     * @param inlineLimit files of at most this many bytes are stored in their entry (0: never)
     * @param owner       this filer's name in upload intents ({@code host:port})
     * @param faults      fault-injection hooks, {@link UploadFaults#NONE} in production
     */
    public FileUploader(Namespace namespace, FilerStore store, ChunkWriter chunks, Clock clock, int inlineLimit,
                        String owner, UploadFaults faults) {
        HayloftException.checkArgument(inlineLimit >= 0, "inline limit must not be negative");
        this.namespace = namespace;
        this.store = store;
        this.chunks = chunks;
        this.clock = clock;
        this.inlineLimit = inlineLimit;
        this.owner = owner;
        this.faults = faults;
    }

    /**
     * What to write.
     *
     * @param path      where the file goes
     * @param mime      its MIME type, or empty
     * @param policy    collection, replication and TTL of its chunks
     * @param chunkSize chunk size in bytes
     * @param extended  user metadata to store with the entry
     * @param wholeMd5  compute the MD5 of the whole content however many chunks it takes (otherwise only
     *                  for a file of at most one chunk)
     */
    public record Upload(FullPath path, String mime, StoragePolicy policy, int chunkSize,
                         Map<String, String> extended, boolean wholeMd5) {
        /** An upload that computes the whole MD5 only for a file of at most one chunk. */
        public Upload(FullPath path, String mime, StoragePolicy policy, int chunkSize, Map<String, String> extended) {
            this(path, mime, policy, chunkSize, extended, false);
        }

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
     * @return the committed entry; its {@link Entry#eTag()} is the ETag
     * @throws HayloftException CONFLICT when the path cannot hold a file (checked before any upload),
     *                          BAD_REQUEST when {@code content} breaks, or the blob store's failure
     */
    public Entry upload(Upload upload, InputStream content) {
        return upload(upload, content, file -> { });
    }

    /**
     * {@link #upload(Upload, InputStream)} that hands {@code beforeCommit} the entry about to be committed
     * (the content stored, its MD5 known when the upload asked for it or the file fits in one chunk) and commits it only when that returns normally: a caller checks
     * a digest the client announced without writing the file elsewhere first. When {@code beforeCommit}
     * throws, nothing is committed (any file at the path stays as it was), the write's chunks are queued
     * for deletion, and its exception is thrown as it is.
     */
    public Entry upload(Upload upload, InputStream content, Consumer<Entry> beforeCommit) {
        namespace.checkFileWritable(upload.path());
        MessageDigest md5 = Md5.digest();
        byte[] head;
        try {
            head = content.readNBytes(inlineLimit + 1);
        } catch (IOException e) {
            throw HayloftException.badRequest("cannot read the request body: " + e.getMessage());
        }
        if (head.length <= inlineLimit) {
            md5.update(head);
            Entry file = Entry.newInlineFile(upload.path(), clock.instant(), upload.mime(), hex(md5),
                    upload.policy().ttl(), head).withExtended(upload.extended());
            faults.beforeCommit(file);
            beforeCommit.accept(file);
            return namespace.commitFile(file, List.of());
        }
        List<FileId> assigned = Collections.synchronizedList(new ArrayList<>());
        Consumer<FileId> recordIntent = fid -> {
            store.recordUploadIntents(List.of(new UploadIntent(owner, fid)));
            assigned.add(fid);
        };
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), content);
        List<FileChunk> stored;
        try {
            // the chunk writer digests what it reads (head included) beside receiving and storing
            stored = chunks.write(whole, upload.chunkSize(), upload.path().name(), upload.mime(), upload.policy(),
                    recordIntent, md5, !upload.wholeMd5());
        } catch (UploadAbortedException e) {
            abandon(assigned);
            throw e;
        }
        long size = stored.isEmpty() ? 0 : stored.getLast().end();
        String wholeMd5 = stored.size() <= 1 || upload.wholeMd5() ? hex(md5) : "";
        Entry file = Entry.newChunkedFile(upload.path(), clock.instant(), size, upload.mime(), wholeMd5,
                upload.policy().ttl(), stored).withExtended(upload.extended());
        faults.beforeCommit(file);
        try {
            beforeCommit.accept(file);
            return namespace.commitFile(file, intents(assigned));
        } catch (RuntimeException e) {
            abandon(assigned);
            throw e;
        }
    }

    /** The most sources one composition takes (S3 allows 10,000 parts per upload). */
    public static final int MAX_COMPOSE_SOURCES = 10_000;

    /**
     * What to compose.
     *
     * @param path      where the file goes
     * @param sources   the files whose bytes it is, in order; they are removed when it is stored
     * @param mime      its MIME type, or empty
     * @param policy    collection, replication and TTL of the chunks written for inline sources
     * @param chunkSize chunk size for those
     * @param extended  user metadata to store with the entry
     */
    public record Composition(FullPath path, List<FullPath> sources, String mime, StoragePolicy policy, int chunkSize,
                              Map<String, String> extended) {
        public Composition {
            HayloftException.checkArgument(path != null && !path.isRoot(), "a file path is required");
            HayloftException.checkArgument(sources != null && !sources.isEmpty(), "a composed file needs at least one source");
            HayloftException.checkArgument(sources.size() <= MAX_COMPOSE_SOURCES,
                    "a file is composed of at most " + MAX_COMPOSE_SOURCES + " sources, got " + sources.size());
            HayloftException.checkArgument(chunkSize >= 1, "chunk size must be at least 1 byte");
            sources = List.copyOf(sources);
            Set<FullPath> named = new HashSet<>();
            for (FullPath source : sources) {
                HayloftException.checkArgument(!source.isRoot(), "/ cannot be a source");
                HayloftException.checkArgument(named.add(source), "source " + source + " is named twice");
                HayloftException.checkArgument(!source.equals(path), "the composed file cannot be one of its sources: " + source);
            }
            mime = mime == null ? "" : mime;
            extended = extended == null ? Map.of() : Map.copyOf(extended);
        }
    }

    /**
     * Stores a file made of the {@code sources}' bytes without copying them: its chunks are the sources'
     * chunks, one after the other, and the sources are removed in the same atomic commit that stores it
     * (S3's CompleteMultipartUpload). A source small enough to be inline has its bytes written as a chunk
     * first (recorded as an upload intent, like any write). Its MD5 is not computed: its ETag is derived
     * from its chunks ({@link Entry#eTag()}).
     *
     * @return the committed entry
     * @throws HayloftException NOT_FOUND when a source is missing, BAD_REQUEST when one is a directory,
     *                          CONFLICT when the path cannot hold a file or a source changed meanwhile
     *                          (then nothing changed), or the blob store's failure for an inline source
     */
    public Entry compose(Composition c) {
        namespace.checkFileWritable(c.path());
        List<Entry> sources = new ArrayList<>(c.sources().size());
        for (FullPath p : c.sources()) {
            Entry source = namespace.lookup(p);
            HayloftException.checkArgument(!source.directory(), "source " + p + " is a directory");
            sources.add(source);
        }
        List<FileId> assigned = Collections.synchronizedList(new ArrayList<>());
        Consumer<FileId> recordIntent = fid -> {
            store.recordUploadIntents(List.of(new UploadIntent(owner, fid)));
            assigned.add(fid);
        };
        try {
            List<FileChunk> all = new ArrayList<>();
            long size = 0;
            for (Entry source : sources) {
                List<FileChunk> pieces = source.isInline() && source.size() > 0
                        ? chunks.write(new ByteArrayInputStream(source.content()), c.chunkSize(), c.path().name(),
                                c.mime(), c.policy(), recordIntent)
                        : source.chunks();
                for (FileChunk k : pieces) {
                    all.add(new FileChunk(k.fid(), size + k.offset(), k.size(), k.mtimeNs(), k.eTag()));
                }
                size += source.size();
            }
            Entry file = all.isEmpty()
                    ? Entry.newInlineFile(c.path(), clock.instant(), c.mime(), hex(Md5.digest()), c.policy().ttl(), new byte[0])
                    : Entry.newChunkedFile(c.path(), clock.instant(), size, c.mime(), "", c.policy().ttl(), all);
            return namespace.composeFile(file.withExtended(c.extended()), sources, intents(assigned));
        } catch (RuntimeException e) {
            abandon(assigned);
            throw e;
        }
    }

    /** Queues every fid a failed write obtained for deletion and clears their intents, atomically. */
    private void abandon(List<FileId> assigned) {
        List<FileId> fids = List.copyOf(assigned);
        if (fids.isEmpty()) {
            return;
        }
        store.commit(new Mutation().enqueueDeletion(fids).clearUploadIntents(intents(fids)));
    }

    private List<UploadIntent> intents(List<FileId> fids) {
        synchronized (fids) {
            return fids.stream().map(fid -> new UploadIntent(owner, fid)).toList();
        }
    }

    private static String hex(MessageDigest md5) {
        return HexFormat.of().formatHex(md5.digest());
    }
}
