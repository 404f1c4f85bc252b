package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.FileId;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkedFileTest {
    private static final int CHUNK = 64 * 1024;
    private static final int INLINE = 2048;

    @TempDir
    Path dir;
    private RocksFilerStore store;
    private Namespace ns;
    private final MemoryBlobStore blobs = new MemoryBlobStore();
    private FileUploader uploader;
    private final ChunkReader reader = new ChunkReader(blobs);
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @BeforeEach
    void open() {
        System.out.println(getClass().getSimpleName() + " seed=" + seed);
        store = RocksFilerStore.open(dir, Clock.systemUTC());
        ns = new Namespace(store, Clock.systemUTC(), () -> { });
        uploader = new FileUploader(ns, store, new ChunkWriter(blobs, Clock.systemUTC(), 2), Clock.systemUTC(), INLINE,
                "test:0", UploadFaults.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Entry put(String path, byte[] data) {
        return uploader.upload(new FileUploader.Upload(FullPath.parse(path), "", StoragePolicy.defaults(), CHUNK,
                Map.of("origin", "test")), new ByteArrayInputStream(data));
    }

    private byte[] read(Entry e, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.read(e, offset, length, out);
        return out.toByteArray();
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void largeFileIsSplitIntoChunksAndReadsBackWithAnETagDerivedFromItsChunks() throws Exception {
        byte[] data = randomBytes(3 * CHUNK + 1234);

        Entry e = put("/big.bin", data);

        assertThat(e.chunks()).extracting(FileChunk::size).containsExactly((long) CHUNK, (long) CHUNK, (long) CHUNK, 1234L);
        assertThat(e.chunks()).extracting(FileChunk::offset).containsExactly(0L, (long) CHUNK, 2L * CHUNK, 3L * CHUNK);
        assertThat(e.size()).isEqualTo(data.length);
        assertThat(e.md5()).as("no whole MD5 unless asked for").isEmpty();
        MessageDigest chunkETags = MessageDigest.getInstance("MD5");
        e.chunks().forEach(c -> chunkETags.update(c.eTag().getBytes(StandardCharsets.UTF_8)));
        assertThat(e.chunks()).allSatisfy(c -> assertThat(c.eTag()).isNotEmpty());
        assertThat(e.eTag()).isEqualTo(HexFormat.of().formatHex(chunkETags.digest()) + "-4");
        assertThat(e.extended()).containsEntry("origin", "test");
        assertThat(read(ns.lookup(FullPath.parse("/big.bin")), 0, data.length)).isEqualTo(data);
    }

    @Test
    void aLargeFileAskedForItsWholeMd5GetsItAsItsETag() throws Exception {
        byte[] data = randomBytes(3 * CHUNK + 77);

        Entry e = uploader.upload(new FileUploader.Upload(FullPath.parse("/whole.bin"), "", StoragePolicy.defaults(),
                CHUNK, Map.of(), true), new ByteArrayInputStream(data));

        assertThat(e.chunks()).hasSize(4);
        assertThat(e.md5()).as("seed " + seed).isEqualTo(md5(data));
        assertThat(e.eTag()).isEqualTo(e.md5());
    }

    @Test
    void aFileOfOneChunkGetsItsWholeMd5WithoutAsking() throws Exception {
        byte[] full = randomBytes(CHUNK);
        byte[] part = randomBytes(INLINE + 1);

        assertThat(put("/one.bin", full).md5()).isEqualTo(md5(full));
        assertThat(put("/part.bin", part).eTag()).isEqualTo(md5(part));
    }

    @Test
    void smallFileIsStoredInlineWithoutAnyBlob() throws Exception {
        byte[] data = randomBytes(INLINE);

        Entry e = put("/small", data);

        assertThat(e.isInline()).isTrue();
        assertThat(blobs.size()).isZero();
        assertThat(e.md5()).isEqualTo(md5(data));
        assertThat(read(e, 10, 20)).isEqualTo(Arrays.copyOfRange(data, 10, 30));
    }

    @Test
    void exactMultipleOfTheChunkSizeMakesNoEmptyChunk() {
        Entry e = put("/exact", randomBytes(2 * CHUNK));

        assertThat(e.chunks()).hasSize(2);
    }

    @Test
    void rangedReadsAcrossChunkBoundariesReturnExactlyTheRange() {
        byte[] data = randomBytes(4 * CHUNK + 77);
        Entry e = put("/ranges", data);

        for (int i = 0; i < 50; i++) {
            int from = random.nextInt(data.length);
            int len = random.nextInt(data.length - from + 1);
            assertThat(read(e, from, len)).as("seed %d range %d+%d", seed, from, len)
                    .isEqualTo(Arrays.copyOfRange(data, from, from + len));
        }
        assertThat(read(e, CHUNK - 3, 6)).isEqualTo(Arrays.copyOfRange(data, CHUNK - 3, CHUNK + 3));
    }

    @Test
    void chunkUploadsRunInParallelButNeverMoreThanTheLimit() {
        put("/parallel", randomBytes(12 * CHUNK));

        assertThat(blobs.maxConcurrentWrites()).isBetween(1, 2);
    }

    @Test
    void failedUploadCommitsNothingAndQueuesEveryChunkItObtainedAndClearsItsIntents() {
        blobs.failWritesAfter(2);

        assertThatThrownBy(() -> put("/doomed", randomBytes(5 * CHUNK)))
                .isInstanceOf(UploadAbortedException.class)
                .satisfies(ex -> assertThat(((HayloftException) ex).code()).isEqualTo(ErrorCode.UNAVAILABLE));

        assertThat(ns.find(FullPath.parse("/doomed"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).extracting(PendingDeletion::fid)
                .filteredOn(blobs::contains).hasSize(blobs.size());
        assertThat(store.uploadIntents("test:0", 100)).isEmpty();
    }

    @Test
    void aRefusalBeforeCommitKeepsTheOldFileAndQueuesTheNewChunks() throws Exception {
        byte[] old = randomBytes(2 * CHUNK);
        Entry kept = put("/checked", old);
        byte[] data = randomBytes(3 * CHUNK + 5);
        IllegalStateException refusal = new IllegalStateException("digest mismatch");
        String[] seenMd5 = new String[1];

        assertThatThrownBy(() -> uploader.upload(new FileUploader.Upload(FullPath.parse("/checked"), "",
                StoragePolicy.defaults(), CHUNK, Map.of(), true), new ByteArrayInputStream(data), file -> {
                    seenMd5[0] = file.md5();
                    throw refusal;
                })).isSameAs(refusal);

        assertThat(seenMd5[0]).isEqualTo(md5(data));
        assertThat(ns.find(FullPath.parse("/checked"))).contains(kept);
        assertThat(read(kept, 0, old.length)).isEqualTo(old);
        assertThat(store.pendingDeletions(-1, 100)).hasSize(4);
        assertThat(store.uploadIntents("test:0", 100)).isEmpty();

        byte[] small = randomBytes(10);
        assertThatThrownBy(() -> uploader.upload(new FileUploader.Upload(FullPath.parse("/checked"), "",
                StoragePolicy.defaults(), CHUNK, Map.of()), new ByteArrayInputStream(small), file -> {
                    throw refusal;
                })).isSameAs(refusal);
        assertThat(ns.find(FullPath.parse("/checked"))).contains(kept);

        Entry accepted = uploader.upload(new FileUploader.Upload(FullPath.parse("/checked"), "",
                StoragePolicy.defaults(), CHUNK, Map.of()), new ByteArrayInputStream(small), file -> { });
        assertThat(read(accepted, 0, small.length)).isEqualTo(small);
    }

    @Test
    void committedUploadLeavesNoIntentBehind() {
        put("/kept", randomBytes(3 * CHUNK));

        assertThat(store.uploadIntents("test:0", 100)).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).isEmpty();
    }

    @Test
    void crashBetweenChunkUploadAndCommitLeavesIntentsThatTheNextStartQueuesForDeletion() {
        put("/survivor", randomBytes(2 * CHUNK));
        int survivorChunks = blobs.size();
        FileUploader dying = new FileUploader(ns, store, new ChunkWriter(blobs, Clock.systemUTC(), 2),
                Clock.systemUTC(), INLINE, "test:0", file -> {
                    throw new SimulatedCrash();
                });

        assertThatThrownBy(() -> dying.upload(new FileUploader.Upload(FullPath.parse("/lost"), "",
                StoragePolicy.defaults(), CHUNK, Map.of()), new ByteArrayInputStream(randomBytes(4 * CHUNK))))
                .isInstanceOf(SimulatedCrash.class);
        // The process is gone: what is on disk is what the next start sees.
        store.close();
        store = RocksFilerStore.open(dir, Clock.systemUTC());
        assertThat(store.uploadIntents("test:0", 100)).hasSize(4);
        assertThat(store.find(FullPath.parse("/lost"))).isEmpty();

        int orphans = io.hayloft.filer.deletion.OrphanReclaimer.reclaim(store, "test:0");
        new io.hayloft.filer.deletion.DeletionCollector(store, blobs, java.time.Duration.ofHours(1)).runOnce();

        assertThat(orphans).isEqualTo(4);
        assertThat(store.uploadIntents("test:0", 100)).isEmpty();
        assertThat(blobs.size()).as("only the committed file's chunks remain").isEqualTo(survivorChunks);
        ns = new Namespace(store, Clock.systemUTC(), () -> { });
        Entry survivor = ns.lookup(FullPath.parse("/survivor"));
        assertThat(survivor.chunks()).allSatisfy(c -> assertThat(blobs.contains(c.fid())).isTrue());
    }

    /** Stands for the filer process dying: an Error, so no clean-up of the uploader runs. */
    private static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("filer killed between chunk upload and commit");
        }
    }

    @Test
    void brokenBodyIsABadRequestAndLeavesNoOrphans() {
        InputStream breaking = new InputStream() {
            private int left = 3 * CHUNK;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };

        assertThatThrownBy(() -> uploader.upload(new FileUploader.Upload(FullPath.parse("/broken"), "",
                StoragePolicy.defaults(), CHUNK, Map.of()), breaking))
                .isInstanceOf(HayloftException.class)
                .satisfies(ex -> assertThat(((HayloftException) ex).code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(ns.find(FullPath.parse("/broken"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).hasSize(blobs.size());
    }

    @Test
    void writingUnderAFileFailsBeforeUploadingAnything() {
        put("/plain", randomBytes(10));

        assertThatThrownBy(() -> put("/plain/child", randomBytes(3 * CHUNK)))
                .isInstanceOf(HayloftException.class)
                .satisfies(ex -> assertThat(((HayloftException) ex).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(blobs.size()).isZero();
    }

    // compose: a file made of other files' chunks (FileUploader.compose), nothing copied, all or nothing

    private Entry compose(String path, String... sources) {
        return uploader.compose(new FileUploader.Composition(FullPath.parse(path),
                java.util.Arrays.stream(sources).map(FullPath::parse).toList(), "video/mp4", StoragePolicy.defaults(),
                CHUNK, Map.of("upload", "u1")));
    }

    private byte[] readAll(String path) {
        Entry e = ns.lookup(FullPath.parse(path));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.read(e, 0, e.size(), out);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void composeTakesOverTheSourcesChunksWithoutCopyingAndRemovesTheSources() {
        byte[] a = randomBytes(3 * CHUNK + 17);
        byte[] b = randomBytes(CHUNK);
        byte[] c = randomBytes(100); // inline: its bytes become one new chunk
        List<FileId> sourceFids = new java.util.ArrayList<>();
        sourceFids.addAll(put("/up/1", a).chunks().stream().map(FileChunk::fid).toList());
        sourceFids.addAll(put("/up/2", b).chunks().stream().map(FileChunk::fid).toList());
        put("/up/3", c);
        int blobsBefore = blobs.size();

        Entry file = compose("/b/obj", "/up/1", "/up/2", "/up/3");

        assertThat(file.size()).isEqualTo(a.length + b.length + c.length);
        assertThat(file.mime()).isEqualTo("video/mp4");
        assertThat(file.extended()).containsEntry("upload", "u1");
        assertThat(readAll("/b/obj")).isEqualTo(concat(a, b, c));
        assertThat(file.chunks()).extracting(FileChunk::fid).containsSequence(sourceFids);
        assertThat(blobs.size()).as("only the inline source was written as a chunk").isEqualTo(blobsBefore + 1);
        assertThat(ns.find(FullPath.parse("/up/1"))).isEmpty();
        assertThat(ns.find(FullPath.parse("/up/3"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).as("no chunk is freed").isEmpty();
        assertThat(store.uploadIntents("test:0", 100)).isEmpty();
        long offset = 0;
        for (FileChunk k : file.chunks()) {
            assertThat(k.offset()).isEqualTo(offset);
            offset += k.size();
        }
    }

    @Test
    void composeReplacingAFileQueuesItsChunksAndEmptySourcesMakeAnEmptyFile() {
        Entry old = put("/b/obj", randomBytes(2 * CHUNK));
        put("/up/1", new byte[0]);
        put("/up/2", new byte[0]);
        Entry file = compose("/b/obj", "/up/1", "/up/2");
        assertThat(file.size()).isZero();
        assertThat(readAll("/b/obj")).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).extracting(PendingDeletion::fid)
                .containsExactlyInAnyOrderElementsOf(old.chunks().stream().map(FileChunk::fid).toList());
    }

    @Test
    void composeWithAMissingOrUnfitSourceChangesNothing() {
        byte[] a = randomBytes(CHUNK + 1);
        put("/up/1", a);
        ns.mkdirs(FullPath.parse("/up/dir"));
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/missing"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/dir"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/1")).hasMessageContaining("named twice");
        assertThatThrownBy(() -> compose("/up/1", "/up/1")).hasMessageContaining("cannot be one of its sources");
        assertThatThrownBy(() -> compose("/b/obj")).hasMessageContaining("at least one source");
        put("/b/file", randomBytes(10));
        assertThatThrownBy(() -> compose("/b/file/obj", "/up/1"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(readAll("/up/1")).isEqualTo(a);
        assertThat(ns.find(FullPath.parse("/b/obj"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).isEmpty();
    }

    @Test
    void composeWithASourceChangedSinceItWasReadFailsTheCommitWholly() {
        Entry read = put("/up/1", randomBytes(2 * CHUNK));
        Entry other = put("/up/2", randomBytes(CHUNK + 5));
        put("/up/1", randomBytes(CHUNK)); // replaced after the composer read it
        List<FileChunk> chunks = new java.util.ArrayList<>(read.chunks());
        other.chunks().forEach(k -> chunks.add(new FileChunk(k.fid(), read.size() + k.offset(), k.size(), k.mtimeNs(), k.eTag())));
        Entry file = Entry.newChunkedFile(FullPath.parse("/b/obj"), Clock.systemUTC().instant(), read.size() + other.size(),
                "", "", io.hayloft.api.Ttl.NONE, chunks);
        assertThatThrownBy(() -> ns.composeFile(file, List.of(read, other), List.of()))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("/up/1 changed");
        assertThat(ns.find(FullPath.parse("/up/2"))).isPresent();
        assertThat(ns.find(FullPath.parse("/b/obj"))).isEmpty();
    }

    @Test
    void composeWhoseInlineSourceFailsToStoreLeavesEverything() {
        put("/up/1", randomBytes(CHUNK * 2));
        put("/up/2", randomBytes(10));
        blobs.failWritesAfter(0);
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/2")).isInstanceOf(HayloftException.class);
        assertThat(ns.find(FullPath.parse("/up/1"))).isPresent();
        assertThat(ns.find(FullPath.parse("/up/2"))).isPresent();
        assertThat(ns.find(FullPath.parse("/b/obj"))).isEmpty();
        assertThat(store.uploadIntents("test:0", 100)).isEmpty();
    }
}
