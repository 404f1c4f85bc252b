package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's two ways to the filer, {@code HttpFilerAccess} (HTTP, over the one {@code FilerClient}) and {@code InProcessFilerAccess}
 * (method calls), held to one contract against one real filer: the same refusals with the same statuses
 * (missing entries, a directory where a file is needed and the reverse, a rename onto an existing key, a
 * range past the end, a body shorter than announced), and the same stored entries, so a file written one
 * way reads identically the other way and through the filer's own HTTP API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilerAccessContractTest {
    private static final S3Gateway.FilerPath HTTP = S3Gateway.FilerPath.HTTP;
    private static final S3Gateway.FilerPath IN_PROCESS = S3Gateway.FilerPath.IN_PROCESS;

    @TempDir
    static Path root;

    private LocalCluster cluster;
    private FilerServer filer;

    @BeforeAll
    void start() {
        cluster = LocalCluster.start(root, m -> m);
        cluster.addVolumeServer(16, "dc1", "rack1");
        filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                .withChunking(1 << 20, 2048, 4));
    }

    @AfterAll
    void stop() {
        accesses.values().forEach(a -> {
            if (a instanceof io.hayloft.s3.filer.HttpFilerAccess http) {
                http.close();
            }
        });
        if (filer != null) {
            filer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private final java.util.Map<S3Gateway.FilerPath, FilerAccess> accesses = new java.util.EnumMap<>(S3Gateway.FilerPath.class);

    private FilerAccess access(S3Gateway.FilerPath path) {
        return accesses.computeIfAbsent(path, p -> p.open(filer));
    }

    private static FilerAccess.WriteOptions plain() {
        return new FilerAccess.WriteOptions("", Map.of(), "");
    }

    private static FilerAccess.Written write(FilerAccess a, String path, byte[] data) {
        return a.write(path, new ByteArrayInputStream(data), data.length, plain());
    }

    private static int status(Throwable t) {
        return ((FilerException) t).status();
    }

    private static byte[] readAll(FilerAccess a, String path, long offset, long length) throws IOException {
        try (FilerRead read = a.read(path, offset, length)) {
            byte[] bytes = read.body().readAllBytes();
            assertThat(read.length()).isEqualTo(bytes.length);
            return bytes;
        }
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void missingEntriesAreEmptyOr404(S3Gateway.FilerPath path) {
        FilerAccess a = access(path);
        String dir = "/contract-missing-" + path;
        assertThat(a.find(dir + "/nothing")).isEmpty();
        assertThat(a.delete(dir + "/nothing", false)).isFalse();
        assertThatThrownBy(() -> a.read(dir + "/nothing", 0, -1)).satisfies(e -> assertThat(status(e)).isEqualTo(404));
        assertThatThrownBy(() -> a.list(dir, "", false, 10)).satisfies(e -> assertThat(status(e)).isEqualTo(404));
        assertThatThrownBy(() -> a.rename(dir + "/nothing", dir + "/else"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void aDirectoryWhereAFileIsNeededAndTheReverseIs409Or400(S3Gateway.FilerPath path) {
        FilerAccess a = access(path);
        String dir = "/contract-kinds-" + path;
        a.mkdirs(dir + "/folder");
        write(a, dir + "/file", "x".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> write(a, dir + "/folder", new byte[3])).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> write(a, dir + "/file/child", new byte[3])).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> a.mkdirs(dir + "/file")).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> a.mkdirs(dir + "/file/sub")).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> a.list(dir + "/file", "", false, 10)).satisfies(e -> assertThat(status(e)).isEqualTo(400));
        assertThatThrownBy(() -> a.delete(dir, false)).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThat(a.find(dir + "/file")).get().extracting(FilerEntry::size).isEqualTo(1L);
        assertThat(a.find(dir + "/folder")).get().extracting(FilerEntry::directory).isEqualTo(true);

        assertThat(a.delete(dir, true)).isTrue();
        assertThat(a.find(dir)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void aRenameReplacesAnExistingKeyButNeverADirectory(S3Gateway.FilerPath path) throws IOException {
        FilerAccess a = access(path);
        String dir = "/contract-rename-" + path;
        write(a, dir + "/staging", "new".getBytes(StandardCharsets.UTF_8));
        write(a, dir + "/key", "old".getBytes(StandardCharsets.UTF_8));
        a.rename(dir + "/staging", dir + "/key");
        assertThat(readAll(a, dir + "/key", 0, -1)).asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThat(a.find(dir + "/staging")).isEmpty();

        a.mkdirs(dir + "/d");
        assertThatThrownBy(() -> a.rename(dir + "/d", dir + "/key")).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        write(a, dir + "/other", new byte[1]);
        assertThatThrownBy(() -> a.rename(dir + "/other", dir + "/key/below"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThat(readAll(a, dir + "/key", 0, -1)).asString(StandardCharsets.UTF_8).isEqualTo("new");
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void composeTakesOverTheSourcesChunksAndRefusesAMissingSourceChangingNothing(S3Gateway.FilerPath path)
            throws IOException {
        FilerAccess a = access(path);
        String dir = "/contract-compose-" + path;
        byte[] first = new byte[(5 << 20) / 2 + 3]; // three 1 MiB chunks
        byte[] last = "the short last part".getBytes(StandardCharsets.UTF_8); // inline
        new Random(5).nextBytes(first);
        write(a, dir + "/parts/1", first);
        write(a, dir + "/parts/2", last);
        assertThatThrownBy(() -> a.compose(dir + "/obj", java.util.List.of(dir + "/parts/1", dir + "/parts/nope"),
                new FilerAccess.WriteOptions("text/plain", Map.of("k", "v"), "")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
        assertThat(a.find(dir + "/parts/1")).isPresent();
        assertThat(a.find(dir + "/obj")).isEmpty();

        FilerAccess.Written w = a.compose(dir + "/obj", java.util.List.of(dir + "/parts/1", dir + "/parts/2"),
                new FilerAccess.WriteOptions("text/plain", Map.of("k", "v"), ""));
        assertThat(w.size()).isEqualTo(first.length + last.length);
        byte[] both = new byte[first.length + last.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(last, 0, both, first.length, last.length);
        assertThat(readAll(a, dir + "/obj", 0, -1)).isEqualTo(both);
        assertThat(readAll(access(path == HTTP ? IN_PROCESS : HTTP), dir + "/obj", first.length - 2, 5))
                .isEqualTo(Arrays.copyOfRange(both, first.length - 2, first.length + 3));
        assertThat(a.find(dir + "/obj")).get().satisfies(e -> {
            assertThat(e.mime()).isEqualTo("text/plain");
            assertThat(e.extended()).containsEntry("k", "v");
        });
        assertThat(a.find(dir + "/parts/1")).isEmpty();
        assertThat(a.find(dir + "/parts/2")).isEmpty();
        assertThatThrownBy(() -> a.compose(dir + "/obj2", java.util.List.of(dir + "/obj", dir + "/obj"),
                new FilerAccess.WriteOptions("", Map.of(), ""))).satisfies(e -> assertThat(status(e)).isEqualTo(400));
    }

    @org.junit.jupiter.api.Test
    void composeRefusesMalformedRequestsWith400AndAJsonError() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://" + filer.url() + "/contract-compose-bad/obj";
        byte[] huge = new byte[(1 << 20) + 10];
        Arrays.fill(huge, (byte) ' ');
        String[][] cases = {
                {"?op=append", "{\"sources\":[\"/a\"]}"},
                {"?op=compose", "not json"},
                {"?op=compose", "{\"sources\":[]}"},
                {"?op=compose", "{\"sources\":[\"relative/path\"]}"},
                {"?op=compose", "{\"sources\":[\"/a/../b\"]}"},
                {"?op=compose", null},
        };
        for (String[] c : cases) {
            byte[] body = c[1] == null ? huge : c[1].getBytes(StandardCharsets.UTF_8);
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + c[0]))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(400);
            assertThat(r.body()).contains("\"error\"");
        }
        assertThat(access(IN_PROCESS).find("/contract-compose-bad/obj")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void rangesAreCutAtTheEndAndRefusedPastIt(S3Gateway.FilerPath path) throws IOException {
        FilerAccess a = access(path);
        String file = "/contract-range-" + path + "/f";
        byte[] data = "0123456789".getBytes(StandardCharsets.UTF_8);
        write(a, file, data);
        assertThat(readAll(a, file, 2, 3)).isEqualTo(Arrays.copyOfRange(data, 2, 5));
        assertThat(readAll(a, file, 7, 100)).isEqualTo(Arrays.copyOfRange(data, 7, 10));
        assertThat(readAll(a, file, 4, -1)).isEqualTo(Arrays.copyOfRange(data, 4, 10));
        assertThatThrownBy(() -> a.read(file, 10, -1)).satisfies(e -> assertThat(status(e)).isEqualTo(416));
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void aBodyShorterOrLongerThanAnnouncedStoresNothing(S3Gateway.FilerPath path) {
        FilerAccess a = access(path);
        String file = "/contract-length-" + path + "/f";
        byte[] big = new byte[3 << 20];
        assertThatThrownBy(() -> a.write(file, new ByteArrayInputStream(new byte[100]), 200, plain()))
                .satisfies(e -> assertThat(status(e)).isEqualTo(0));
        assertThatThrownBy(() -> a.write(file, new ByteArrayInputStream(big), big.length - 1, plain()))
                .satisfies(e -> assertThat(status(e)).isEqualTo(0));
        assertThatThrownBy(() -> a.write(file, new ByteArrayInputStream(new byte[10]), 11, plain()))
                .satisfies(e -> assertThat(status(e)).isEqualTo(0));
        assertThat(a.find(file)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void aCheckBeforeCommitRefusesWithItsOwnExceptionAndKeepsTheOldFile(S3Gateway.FilerPath path) throws Exception {
        FilerAccess a = access(path);
        String file = "/contract-check-" + path + "/f";
        byte[] large = new byte[(2 << 20) + 7];
        new Random(3).nextBytes(large);
        if (path == HTTP) {
            assertThat(a.checksBeforeCommit()).isFalse();
            assertThatThrownBy(() -> a.write(file, new ByteArrayInputStream(large), large.length, plain(), md5 -> { }))
                    .isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        assertThat(a.checksBeforeCommit()).isTrue();
        write(a, file, "old".getBytes(StandardCharsets.UTF_8));
        IllegalStateException refusal = new IllegalStateException("BadDigest");
        for (byte[] data : new byte[][] {large, "tiny".getBytes(StandardCharsets.UTF_8)}) {
            String[] seen = new String[1];
            assertThatThrownBy(() -> a.write(file, new ByteArrayInputStream(data), data.length, plain(), md5 -> {
                seen[0] = md5;
                throw refusal;
            })).isSameAs(refusal);
            assertThat(seen[0]).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
            assertThat(readAll(a, file, 0, -1)).asString(StandardCharsets.UTF_8).isEqualTo("old");
        }
        assertThat(a.write(file, new ByteArrayInputStream(large), large.length, plain(), md5 -> { }).size())
                .isEqualTo(large.length);
        assertThat(readAll(a, file, 0, -1)).isEqualTo(large);
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void aBodyThatBreaksFailsWithItsCause(S3Gateway.FilerPath path) {
        FilerAccess a = access(path);
        String file = "/contract-broken-" + path + "/f";
        IOException broken = new IOException("client went away");
        InputStream body = new InputStream() {
            private int left = 5000;

            @Override
            public int read() throws IOException {
                if (left-- == 0) {
                    throw broken;
                }
                return 'a';
            }
        };
        assertThatThrownBy(() -> a.write(file, body, 10_000, plain())).isInstanceOf(FilerException.class)
                .satisfies(e -> assertThat(status(e)).isEqualTo(0));
        if (path == IN_PROCESS) {
            // the body's own failure travels as the cause (an S3 payload's signature failure rides on it)
            assertThatThrownBy(() -> a.write(file, new ByteArrayInputStream(new byte[0]) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    throw new IllegalStateException("signature broke");
                }
            }, 10, plain())).hasRootCauseMessage("signature broke");
        }
        assertThat(a.find(file)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(S3Gateway.FilerPath.class)
    void whatOneWayWritesTheOtherAndTheFilerReadIdentically(S3Gateway.FilerPath path) throws Exception {
        FilerAccess writer = access(path);
        FilerAccess other = access(path == HTTP ? IN_PROCESS : HTTP);
        String dir = "/contract-cross-" + path;
        byte[] small = "hello, filer".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[(3 << 20) + 12345];
        new Random(7).nextBytes(large);
        Map<String, String> meta = Map.of("x-amz-meta-owner", "ana", "s3-etag", "abc-2");
        for (byte[] data : new byte[][] {small, large}) {
            String file = dir + "/obj-" + data.length;
            FilerAccess.Written w = writer.write(file, new ByteArrayInputStream(data), data.length,
                    new FilerAccess.WriteOptions("text/plain; charset=utf-8", meta, "crossed"));
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
            assertThat(w).isEqualTo(new FilerAccess.Written(data.length, md5));

            FilerEntry mine = writer.find(file).orElseThrow();
            assertThat(other.find(file)).contains(mine);
            assertThat(mine.mime()).isEqualTo("text/plain; charset=utf-8");
            assertThat(mine.md5()).isEqualTo(md5);
            assertThat(mine.extended()).isEqualTo(meta);
            assertThat(readAll(other, file, 0, -1)).isEqualTo(data);
            assertThat(readAll(writer, file, 1, data.length - 2)).isEqualTo(Arrays.copyOfRange(data, 1, data.length - 1));
            try (FilerRead r = writer.read(file, 0, -1); FilerRead o = other.read(file, 0, -1)) {
                assertThat(r.eTag()).isEqualTo(o.eTag()).isEqualTo("\"" + md5 + "\"");
            }

            JsonNode viaFiler = TestHttp.json(TestHttp.get(filer.url(), file + "?metadata=true"));
            assertThat(viaFiler.get("Mime").asString()).isEqualTo("text/plain; charset=utf-8");
            assertThat(viaFiler.get("Extended").get("x-amz-meta-owner").asString()).isEqualTo("ana");
            assertThat(TestHttp.get(filer.url(), file).body()).isEqualTo(data);
        }
        // an octet-stream type is not stored, either way
        writer.write(dir + "/bin", new ByteArrayInputStream(small), small.length,
                new FilerAccess.WriteOptions("application/octet-stream", Map.of(), ""));
        assertThat(other.find(dir + "/bin")).get().extracting(FilerEntry::mime).isEqualTo("");
        assertThat(other.list(dir, "", false, 10).entries()).extracting(FilerEntry::name)
                .containsExactly("bin", "obj-" + small.length, "obj-" + large.length);
        assertThat(other.list(dir, "obj-" + large.length, true, 1).entries()).extracting(FilerEntry::name)
                .containsExactly("obj-" + large.length);
        assertThat(other.list(dir, "", false, 1).hasMore()).isTrue();
    }
}
