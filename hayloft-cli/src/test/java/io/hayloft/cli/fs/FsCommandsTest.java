package io.hayloft.cli.fs;

import static io.hayloft.cli.fs.FsRun.fs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hayloft fs} against a real in-process cluster (master, volume server, filer with 64 KiB
 * chunks so multi-chunk files stay small), seed 004's walk-through included.
 */
class FsCommandsTest {
    private static final int CHUNK = 64 * 1024;
    private static final long SEED = System.nanoTime();

    @TempDir
    static Path root;
    @TempDir
    Path local;
    private static MasterServer master;
    private static VolumeServer volume;
    private static FilerServer filerServer;
    private static String filer;

    @BeforeAll
    static void startCluster() throws Exception {
        System.out.println("FsCommandsTest seed=" + SEED);
        master = MasterServer.start(MasterConfig.forTest(root.resolve("master")));
        volume = VolumeServer.start(VolumeServerConfig.forTest(List.of(Files.createDirectories(root.resolve("v"))),
                master.url()));
        awaitAssignable();
        filerServer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), master.url())
                .withChunking(CHUNK, 2048, 2));
        filer = filerServer.url();
    }

    @AfterAll
    static void stopCluster() {
        if (filerServer != null) {
            filerServer.close();
        }
        if (volume != null) {
            volume.close();
        }
        if (master != null) {
            master.close();
        }
    }

    private static void awaitAssignable() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (true) {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + master.url() + "/dir/assign")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no writable volume within 30 s (last status " + status + ")");
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    private Path localFile(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return Files.write(local.resolve(name), data);
    }

    @Test
    void seed004WalkThroughPutsListsAndGetsABatchOfFiles() throws Exception {
        Path small = localFile("small.txt", 100, SEED);
        Path big = localFile("big.bin", 5 * CHUNK + 123, SEED + 1);
        Path medium = localFile("medium.dat", CHUNK, SEED + 2);

        FsRun put = fs(filer, "put", small.toString(), big.toString(), medium.toString(), "/tmp/banana");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("-> /tmp/banana/big.bin (" + (5 * CHUNK + 123) + " bytes)");

        FsRun ls = fs(filer, "ls", "/tmp/banana");
        assertThat(ls.out().lines().toList()).containsExactly("big.bin", "medium.dat", "small.txt");
        FsRun longLs = fs(filer, "ls", "-l", "/tmp");
        assertThat(longLs.out()).startsWith("drwxr-xr-x").contains(" banana/");

        Path back = Files.createDirectories(local.resolve("back"));
        FsRun get = fs(filer, "get", "/tmp/banana/big.bin", back.toString());
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(Files.readAllBytes(back.resolve("big.bin"))).as("seed " + SEED).isEqualTo(Files.readAllBytes(big));
        try (var leftovers = Files.list(back)) {
            assertThat(leftovers).hasSize(1);
        }

        FsRun rm = fs(filer, "rm", "/tmp/banana/big.bin");
        assertThat(rm.exitCode()).isZero();
        assertThat(fs(filer, "ls", "/tmp/banana").out().lines().toList()).containsExactly("medium.dat", "small.txt");
    }

    @Test
    void putToAFileNameThenCatPrintsTheBytes() throws Exception {
        Path file = localFile("x.bin", 3 * CHUNK, SEED + 3);

        assertThat(fs(filer, "put", file.toString(), "/cat/renamed.bin").exitCode()).isZero();
        FsRun cat = fs(filer, "cat", "/cat/renamed.bin");

        assertThat(cat.exitCode()).isZero();
        assertThat(cat.bytes()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void mkdirMvAndRecursiveRm() throws Exception {
        assertThat(fs(filer, "mkdir", "/m/a/b").exitCode()).isZero();
        assertThat(fs(filer, "put", localFile("f", 10, SEED).toString(), "/m/a/b/").exitCode()).isZero();

        FsRun mv = fs(filer, "mv", "/m/a", "/m/z");
        assertThat(mv.exitCode()).as(mv.err()).isZero();
        assertThat(fs(filer, "cat", "/m/z/b/f").bytes()).hasSize(10);

        FsRun rmDir = fs(filer, "rm", "/m/z");
        assertThat(rmDir.exitCode()).isEqualTo(1);
        assertThat(rmDir.err()).isEqualTo("hayloft fs: /m/z: Is a directory\n");
        assertThat(fs(filer, "rm", "-r", "/m/z").exitCode()).isZero();
        assertThat(fs(filer, "ls", "/m").out()).isEmpty();
    }

    @Test
    void duSumsAndTreeDrawsASubtree() throws Exception {
        fs(filer, "put", localFile("one", 1000, SEED).toString(), "/du/one");
        fs(filer, "put", localFile("two", 2 * CHUNK, SEED).toString(), "/du/sub/two");

        FsRun du = fs(filer, "du", "/du");
        assertThat(du.out()).isEqualTo((1000 + 2 * CHUNK) + "\t2 files\t1 dirs\t/du\n");
        FsRun tree = fs(filer, "tree", "/du");
        assertThat(tree.out()).isEqualTo("""
                /du
                ├── one
                └── sub/
                    └── two

                1 directories, 2 files
                """);
    }

    @Test
    void missingPathsAreNoSuchFileOrDirectoryWithExitCode1() {
        FsRun ls = fs(filer, "ls", "/nope");
        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.err()).isEqualTo("hayloft fs: /nope: No such file or directory\n");
        assertThat(fs(filer, "get", "/nope", local.toString()).err())
                .isEqualTo("hayloft fs: /nope: No such file or directory\n");
        assertThat(fs(filer, "cat", "nope").exitCode()).isEqualTo(1);
        assertThat(fs(filer, "mv", "/nope", "/else").err()).contains("/nope: No such file or directory");
    }

    @Test
    void aMissingLocalFileIsReportedAndTheOthersAreStillUploaded() throws Exception {
        Path present = localFile("present", 5, SEED);

        FsRun put = fs(filer, "put", local.resolve("absent").toString(), present.toString(), "/partly/");

        assertThat(put.exitCode()).isEqualTo(1);
        assertThat(put.err()).contains("absent: No such file or directory");
        assertThat(fs(filer, "ls", "/partly").out()).isEqualTo("present\n");
    }

    @Test
    void mkdirOfAnExistingDirectoryFailsUnlessParents() {
        fs(filer, "mkdir", "/exists");
        assertThat(fs(filer, "mkdir", "/exists").err()).isEqualTo("hayloft fs: /exists: File exists\n");
        assertThat(fs(filer, "mkdir", "-p", "/exists").exitCode()).isZero();
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(fs(filer, "put", "only-one-arg").exitCode()).isEqualTo(2);
        assertThat(fs(filer, "mv", "/a").exitCode()).isEqualTo(2);
        assertThat(fs(filer, "frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnreachableFilerIsReportedWithExitCode1() {
        FsRun ls = fs("127.0.0.1:1", "ls", "/");
        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.err()).startsWith("hayloft fs: cannot reach the filer at 127.0.0.1:1");
    }

    @Test
    void namesThatNeedEscapingRoundTrip() throws Exception {
        Path odd = localFile("a b+c%d é.txt", 7, SEED);

        assertThat(fs(filer, "put", odd.toString(), "/odd/").exitCode()).isZero();

        assertThat(fs(filer, "ls", "/odd").out()).isEqualTo("a b+c%d é.txt\n");
        assertThat(fs(filer, "cat", "/odd/a b+c%d é.txt").bytes()).isEqualTo(Files.readAllBytes(odd));
    }

    @Test
    void watchPrintsTheChangesUnderAPathAndGoesOnFromItsCursorFile() throws Exception {
        Path file = localFile("w.txt", 10, SEED);
        Path cursor = local.resolve("watch.cursor");
        assertThat(fs(filer, "mkdir", "/watched/a").exitCode()).isZero();
        assertThat(fs(filer, "put", file.toString(), "/watched/a/").exitCode()).isZero();
        assertThat(fs(filer, "mkdir", "/unwatched").exitCode()).isZero();

        FsRun first = fs(filer, "watch", "-cursor", "start", "-cursor-file", cursor.toString(), "-count", "3",
                "-wait", "1", "/watched");
        assertThat(fs(filer, "rm", "/watched/a/w.txt").exitCode()).isZero();
        FsRun next = fs(filer, "watch", "-cursor-file", cursor.toString(), "-count", "1", "-wait", "1", "/watched");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("put /watched/\nput /watched/a/\nput /watched/a/w.txt\n");
        assertThat(next.out()).isEqualTo("delete /watched/a/w.txt\n");
        assertThat(fs(filer, "watch", "-cursor", "x.y", "-count", "1", "/watched").err())
                .startsWith("hayloft fs: /watched: ").contains("cursor");
    }
}
