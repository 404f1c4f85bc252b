package io.hayloft.filer.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.FilerStoreConformanceTest;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against a real PostgreSQL that {@link LocalPostgres} starts; one schema per test. */
class JdbcFilerStoreTest extends FilerStoreConformanceTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private String url;

    @Override
    protected FilerStore openStore() {
        url = POSTGRES.freshSchemaUrl();
        return JdbcFilerStore.open(url, CLOCK);
    }

    @Override
    protected FilerStore reopenStore() {
        store.close();
        return JdbcFilerStore.open(url, CLOCK);
    }

    @Test
    void opensAnExistingSchemaAgainWithoutLosingData() {
        FilerStore second = JdbcFilerStore.open(url, CLOCK);
        second.close();
        assertThat(store.list(io.hayloft.filer.entry.FullPath.root(), "", true, 10)).isEmpty();
    }

    @Test
    void refusesAUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> JdbcFilerStore.open("jdbc:mysql://db/x", CLOCK))
                .isInstanceOf(HayloftException.class)
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void unreachableDatabaseFailsOpenWithoutShowingThePassword() {
        assertThatThrownBy(() -> JdbcFilerStore.open("jdbc:postgresql://127.0.0.1:1/x?password=secret&connectTimeout=2",
                CLOCK))
                .isInstanceOf(HayloftException.class)
                .hasMessageContaining("cannot open the filer store")
                .hasMessageNotContaining("secret");
    }

    /** A file of one 10-byte chunk whose fid is unique to {@code upload} and {@code n}. */
    private static io.hayloft.filer.entry.Entry chunkedFile(String path, int upload, int n) {
        io.hayloft.api.FileId fid = io.hayloft.api.FileId.parse((upload + 1) + "," + String.format("%02x", n) + "637037d6");
        return io.hayloft.filer.entry.Entry.newChunkedFile(io.hayloft.filer.entry.FullPath.parse(path), T0, 10, "", "",
                io.hayloft.api.Ttl.NONE, java.util.List.of(new io.hayloft.filer.entry.FileChunk(fid, 0, 10, 1, "")));
    }

    @Test
    void anUploadCompletedByTwoFilersAtOnceIsCompletedByExactlyOne() throws Exception {
        try (JdbcFilerStore other = JdbcFilerStore.open(url, CLOCK)) {
            java.util.List<io.hayloft.filer.namespace.Namespace> filers = java.util.List.of(
                    new io.hayloft.filer.namespace.Namespace(store, CLOCK, () -> { }),
                    new io.hayloft.filer.namespace.Namespace(other, CLOCK, () -> { }));
            int uploads = 10;
            int[] wins = new int[uploads];
            try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int u = 0; u < uploads; u++) {
                    java.util.List<io.hayloft.filer.entry.Entry> parts = new java.util.ArrayList<>();
                    for (int k = 1; k <= 2; k++) {
                        parts.add(filers.get(0).commitFile(chunkedFile("/b/.uploads/u" + u + "/part-" + k, u, k)));
                    }
                    io.hayloft.filer.entry.Entry object = io.hayloft.filer.entry.Entry.newChunkedFile(
                            io.hayloft.filer.entry.FullPath.parse("/b/object-" + u), T0, 20, "", "", io.hayloft.api.Ttl.NONE,
                            java.util.List.of(parts.get(0).chunks().getFirst(), new io.hayloft.filer.entry.FileChunk(
                                    parts.get(1).chunks().getFirst().fid(), 10, 10, 1, "")));
                    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                    java.util.List<java.util.concurrent.Future<Boolean>> attempts = new java.util.ArrayList<>();
                    for (io.hayloft.filer.namespace.Namespace ns : filers) {
                        attempts.add(pool.submit(() -> {
                            go.await();
                            try {
                                ns.composeFile(object, parts, java.util.List.of());
                                return true;
                            } catch (HayloftException e) {
                                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CONFLICT);
                                return false;
                            }
                        }));
                    }
                    go.countDown();
                    for (java.util.concurrent.Future<Boolean> f : attempts) {
                        wins[u] += f.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
                    }
                    assertThat(filers.get(1).lookup(object.path()).chunks()).isEqualTo(object.chunks());
                    assertThat(filers.get(1).find(parts.get(0).path())).isEmpty();
                }
            }
            assertThat(wins).as("completions per upload").containsOnly(1);
        }
    }

    @Test
    void metadataUpdatedByTwoFilersAtOnceLosesNeitherChange() {
        try (JdbcFilerStore other = JdbcFilerStore.open(url, CLOCK)) {
            io.hayloft.filer.namespace.Namespace one = new io.hayloft.filer.namespace.Namespace(store, CLOCK, () -> { });
            io.hayloft.filer.namespace.Namespace two = new io.hayloft.filer.namespace.Namespace(other, CLOCK, () -> { });
            io.hayloft.filer.entry.FullPath object = io.hayloft.filer.entry.FullPath.parse("/meta/object");
            one.commitFile(chunkedFile("/meta/object", 1, 1));
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

            one.updateExtended(object, old -> {
                if (calls.incrementAndGet() == 1) { // the other filer updates it between this read and the write
                    two.updateExtended(object, theirs -> with(theirs, "colour", "red"));
                }
                return with(old, "size", "large");
            });

            assertThat(two.lookup(object).extended()).containsEntry("colour", "red").containsEntry("size", "large");
            assertThat(calls).hasValue(2);
        }
    }

    private static java.util.Map<String, String> with(java.util.Map<String, String> old, String key, String value) {
        java.util.Map<String, String> out = new java.util.HashMap<>(old);
        out.put(key, value);
        return out;
    }
}
