package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileUploader#compose}: a file made of other files' chunks, nothing copied, all or nothing. */
class ComposeTest {
    private static final int CHUNK = 64 * 1024;
    private static final int INLINE = 2048;

    @TempDir
    Path dir;
    private RocksFilerStore store;
    private Namespace ns;
    private final MemoryBlobStore blobs = new MemoryBlobStore();
    private FileUploader uploader;
    private final ChunkReader reader = new ChunkReader(blobs);
    private final Random random = new Random(42);

    @BeforeEach
    void open() {
        store = RocksFilerStore.open(dir, Clock.systemUTC());
        ns = new Namespace(store, Clock.systemUTC(), () -> { });
        uploader = new FileUploader(ns, store, new ChunkWriter(blobs, Clock.systemUTC(), 2), Clock.systemUTC(), INLINE,
                "test:0", UploadFaults.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Entry put(String path, byte[] data) {
        return uploader.upload(new FileUploader.Upload(FullPath.parse(path), "", StoragePolicy.defaults(), CHUNK,
                Map.of()), new ByteArrayInputStream(data));
    }

    private Entry compose(String path, String... sources) {
        return uploader.compose(new FileUploader.Composition(FullPath.parse(path),
                java.util.Arrays.stream(sources).map(FullPath::parse).toList(), "video/mp4", StoragePolicy.defaults(),
                CHUNK, Map.of("upload", "u1")));
    }

    private byte[] read(String path) {
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
    void takesOverTheSourcesChunksWithoutCopyingAndRemovesTheSources() {
        byte[] a = bytes(3 * CHUNK + 17);
        byte[] b = bytes(CHUNK);
        byte[] c = bytes(100); // inline: its bytes become one new chunk
        List<FileId> sourceFids = new java.util.ArrayList<>();
        sourceFids.addAll(put("/up/1", a).chunks().stream().map(FileChunk::fid).toList());
        sourceFids.addAll(put("/up/2", b).chunks().stream().map(FileChunk::fid).toList());
        put("/up/3", c);
        int blobsBefore = blobs.size();

        Entry file = compose("/b/obj", "/up/1", "/up/2", "/up/3");

        assertThat(file.size()).isEqualTo(a.length + b.length + c.length);
        assertThat(file.mime()).isEqualTo("video/mp4");
        assertThat(file.extended()).containsEntry("upload", "u1");
        assertThat(read("/b/obj")).isEqualTo(concat(a, b, c));
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
    void replacingAFileQueuesItsChunksAndEmptySourcesMakeAnEmptyFile() {
        Entry old = put("/b/obj", bytes(2 * CHUNK));
        put("/up/1", new byte[0]);
        put("/up/2", new byte[0]);
        Entry file = compose("/b/obj", "/up/1", "/up/2");
        assertThat(file.size()).isZero();
        assertThat(read("/b/obj")).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).extracting(PendingDeletion::fid)
                .containsExactlyInAnyOrderElementsOf(old.chunks().stream().map(FileChunk::fid).toList());
    }

    @Test
    void aMissingOrUnfitSourceChangesNothing() {
        byte[] a = bytes(CHUNK + 1);
        put("/up/1", a);
        ns.mkdirs(FullPath.parse("/up/dir"));
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/missing"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/dir"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/1")).hasMessageContaining("named twice");
        assertThatThrownBy(() -> compose("/up/1", "/up/1")).hasMessageContaining("cannot be one of its sources");
        assertThatThrownBy(() -> compose("/b/obj")).hasMessageContaining("at least one source");
        put("/b/file", bytes(10));
        assertThatThrownBy(() -> compose("/b/file/obj", "/up/1"))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(read("/up/1")).isEqualTo(a);
        assertThat(ns.find(FullPath.parse("/b/obj"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).isEmpty();
    }

    @Test
    void aSourceChangedSinceItWasReadFailsTheCommitWholly() {
        Entry read = put("/up/1", bytes(2 * CHUNK));
        Entry other = put("/up/2", bytes(CHUNK + 5));
        put("/up/1", bytes(CHUNK)); // replaced after the composer read it
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
    void aFailedWriteOfAnInlineSourceLeavesEverythingAndQueuesWhatItWrote() {
        put("/up/1", bytes(CHUNK * 2));
        put("/up/2", bytes(10));
        blobs.failWritesAfter(0);
        assertThatThrownBy(() -> compose("/b/obj", "/up/1", "/up/2")).isInstanceOf(HayloftException.class);
        assertThat(ns.find(FullPath.parse("/up/1"))).isPresent();
        assertThat(ns.find(FullPath.parse("/up/2"))).isPresent();
        assertThat(ns.find(FullPath.parse("/b/obj"))).isEmpty();
        assertThat(store.uploadIntents("test:0", 100)).isEmpty();
    }
}
