package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.chunk.UploadFaults;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose disk fills up (a small tmpfs; the test runs where it may mount one, as root on Linux): writes
 * are refused with a clear 4xx/503 naming the full disk, never a 500; every acknowledged file still reads back
 * byte for byte; a failed volume allocation leaves no empty volume files behind; the filer's metadata store,
 * once its own writes fail, serves reads, refuses changes with 503, and takes changes again once the disk has
 * room, without a restart, keeping every change it acknowledged.
 */
class DiskFullTest {
    private static final Set<Integer> REFUSALS = Set.of(406, 409, 503);

    @TempDir
    Path tmp;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", disk.toString());
        assumeTrue(mounted, "needs to mount a tmpfs (root on Linux)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && !run("umount", disk.toString())) {
            run("umount", "-l", disk.toString()); // a server thread still finishing with a file: detach it
        }
    }

    @Test
    void aFullDiskRefusesWritesClearlyKeepsEveryAcknowledgedFileAndTheFilerRecoversWithoutARestart() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(11).nextBytes(data);
        try (LocalCluster cluster = LocalCluster.start(disk, m -> m)) {
            VolumeServer volume = cluster.addVolumeServer(8, "dc1", "rack1");
            assertThat(volume.awaitRegistered(Duration.ofSeconds(30))).isTrue();
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(disk.resolve("filer"), cluster.masterUrl()),
                    UploadFaults.NONE)) {
                List<String> stored = new ArrayList<>();
                List<String> refusals = new ArrayList<>();
                int refused = 0;
                for (int i = 0; i < 80 && refused < 5; i++) {
                    HttpResponse<byte[]> r = TestHttp.postRaw(filer.url(), "/fill/f" + i, "application/octet-stream", data);
                    if (r.statusCode() == 201) {
                        stored.add("/fill/f" + i);
                    } else {
                        assertThat(r.statusCode()).as(TestHttp.text(r)).isIn(REFUSALS);
                        refusals.add(TestHttp.text(r));
                        refused++;
                    }
                }
                assertThat(refused).as("the disk filled up").isPositive();
                assertThat(refusals).as("a refusal names the full disk (a write to a volume already read-only "
                        + "says so instead)").anyMatch(t -> t.contains("no space left on device"));
                assertThat(stored).as("files were stored before it did").isNotEmpty();
                for (String path : stored) {
                    assertThat(TestHttp.get(filer.url(), path).body()).as(path).isEqualTo(data);
                }
                try (Stream<Path> files = Files.list(disk.resolve("volume0"))) {
                    assertThat(files.filter(p -> p.toString().endsWith(".dat")).filter(DiskFullTest::empty).toList())
                            .as("no empty volume left by a failed allocation").isEmpty();
                }

                // fill what is left, then change metadata until the filer's own store cannot write
                fill(disk.resolve("filler"));
                String name = "d".repeat(200);
                List<String> made = new ArrayList<>();
                int status = 201;
                for (int i = 0; i < 50_000 && status == 201; i++) {
                    HttpResponse<byte[]> r = TestHttp.postRaw(filer.url(), "/dirs/" + name + i + "/", "text/plain",
                            new byte[0]);
                    status = r.statusCode();
                    if (status == 201) {
                        made.add("/dirs/" + name + i);
                    } else {
                        assertThat(status).as(TestHttp.text(r)).isEqualTo(503);
                    }
                }
                assertThat(status).as("the metadata store ran out of room").isEqualTo(503);
                assertThat(TestHttp.get(filer.url(), stored.getFirst()).statusCode()).as("reads go on").isEqualTo(200);

                // room again (the store reopens once 128 MiB are free): changes are taken, nothing acknowledged lost
                Files.delete(disk.resolve("filler"));
                assertThat(run("mount", "-o", "remount,size=400m", "tmpfs", disk.toString())).isTrue();
                Await.until("the filer takes changes again", Duration.ofSeconds(30), () -> TestHttp.postRaw(
                        filer.url(), "/dirs/after/", "text/plain", new byte[0]).statusCode() == 201);
                for (String path : made) {
                    assertThat(TestHttp.get(filer.url(), path + "/").statusCode()).as(path).isEqualTo(200);
                }
            }
        }
    }

    private static boolean empty(Path p) {
        try {
            return Files.size(p) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void fill(Path file) {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1024; i++) {
                out.write(block);
            }
        } catch (IOException e) {
            // the disk is full: what was wanted
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
