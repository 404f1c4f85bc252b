package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import io.hayloft.cli.Main;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.volume.VolumeServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004 (BFS, a GFS-like file system) walked through with Hayloft: a master and four chunk
 * servers of different capacities, then the seed's client session with {@code hayloft fs}: {@code put}
 * a batch into {@code /tmp/banana}, {@code ls} it, {@code get} every file back and compare, {@code rm}
 * one and watch its chunks vanish from the volume servers ({@code FileCount} down, {@code DeleteCount}
 * up, 404 on each fid), then the space come back: the master's {@code /vol/vacuum} compacts the
 * volumes and the volume servers' {@code .dat} files ({@code Size} in {@code /status}) shrink by at
 * least the removed file's size.
 */
class Seed004WalkThroughTest {
    /** Chunk servers' capacities in volume slots, as the seed starts ChunkServers with different sizes. */
    private static final int[] CAPACITIES = {2, 3, 4, 6};
    /** Small chunks, so the seed's files split into several, as GFS chunks do. */
    private static final int CHUNK = 256 << 10;
    private static final int[] SIZES = {700, 90_000, 300_000, 700_000, 1_100_000};

    @TempDir
    Path root;

    @Test
    void putLsGetRmOnFourChunkServersOfDifferentCapacities() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            for (int capacity : CAPACITIES) {
                cluster.addVolumeServer(capacity, "dc1", "rack1");
            }
            for (int i = 0; i < CAPACITIES.length; i++) {
                JsonNode disk = TestHttp.json(TestHttp.get(cluster.volumeServers().get(i).url(), "/status"))
                        .get("DiskStatuses").get(0);
                assertThat(disk.get("MaxVolumes").asInt()).isEqualTo(CAPACITIES[i]);
            }
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                    .withChunking(CHUNK, FilerConfig.DEFAULT_INLINE_LIMIT, 2))) {
                walkThrough(cluster, filer.url());
            }
        }
    }

    private void walkThrough(LocalCluster cluster, String filer) throws Exception {
        Path local = Files.createDirectories(root.resolve("local"));
        List<String> put = new ArrayList<>(List.of("put"));
        for (int i = 0; i < SIZES.length; i++) {
            byte[] data = new byte[SIZES[i]];
            new SplittableRandom(i).nextBytes(data);
            put.add(Files.write(local.resolve("banana" + i + ".bin"), data).toString());
        }
        put.add("/tmp/banana");
        assertThat(fs(filer, put.toArray(String[]::new)).exitCode()).isZero();

        Run ls = fs(filer, "ls", "/tmp/banana");
        assertThat(ls.exitCode()).isZero();
        for (int i = 0; i < SIZES.length; i++) {
            assertThat(ls.out()).contains("banana" + i + ".bin");
        }

        Path fetched = Files.createDirectories(root.resolve("fetched"));
        for (int i = 0; i < SIZES.length; i++) {
            String name = "banana" + i + ".bin";
            assertThat(fs(filer, "get", "/tmp/banana/" + name, fetched.toString() + "/").exitCode()).isZero();
            assertThat(Files.readAllBytes(fetched.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(local.resolve(name)));
        }

        String victim = "/tmp/banana/banana" + (SIZES.length - 1) + ".bin";
        List<String> chunks = FilerProbe.chunkFids(filer, victim);
        assertThat(chunks).as("a %d-byte file in %d-byte chunks", SIZES[SIZES.length - 1], CHUNK).hasSize(5);
        for (String fid : chunks) {
            assertThat(TestHttp.get(holder(cluster, fid), "/" + fid).statusCode()).isEqualTo(200);
        }
        long[] before = counts(cluster);
        long bytesBefore = datBytes(cluster);

        assertThat(fs(filer, "rm", victim).exitCode()).isZero();
        Await.until("the removed file's chunks to vanish from the volume servers", Duration.ofSeconds(20),
                () -> chunks.stream().allMatch(fid -> TestHttp.get(holder(cluster, fid), "/" + fid).statusCode() == 404));
        long[] after = counts(cluster);
        assertThat(after[0]).as("live needles").isEqualTo(before[0] - chunks.size());
        assertThat(after[1]).as("deleted needles").isEqualTo(before[1] + chunks.size());

        // The master vacuums what its heartbeats report as garbage; ask until they have reported it.
        long removed = SIZES[SIZES.length - 1];
        Await.until("vacuum to give the removed file's space back", Duration.ofSeconds(30), () -> {
            assertThat(TestHttp.get(cluster.masterUrl(), "/vol/vacuum?garbageThreshold=0.0001").statusCode())
                    .isEqualTo(200);
            return datBytes(cluster) <= bytesBefore - removed;
        });
        assertThat(counts(cluster)[0]).as("live needles after vacuum").isEqualTo(after[0]);

        assertThat(fs(filer, "ls", "/tmp/banana").out()).doesNotContain("banana" + (SIZES.length - 1) + ".bin")
                .contains("banana0.bin");
        Run gone = fs(filer, "get", victim, fetched.resolve("again.bin").toString());
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err()).contains("No such file or directory");
    }

    /** The volume server whose {@code /status} lists the fid's volume. */
    private static String holder(LocalCluster cluster, String fid) {
        for (VolumeServer vs : cluster.volumeServers()) {
            if (FilerProbe.volume(vs.url(), FilerProbe.volumeId(fid)) != null) {
                return vs.url();
            }
        }
        throw new AssertionError("no volume server holds " + fid);
    }

    /** {FileCount, DeleteCount} summed over every volume of every volume server. */
    private static long[] counts(LocalCluster cluster) {
        long[] sum = new long[2];
        for (VolumeServer vs : cluster.volumeServers()) {
            for (JsonNode v : FilerProbe.volumes(vs.url())) {
                sum[0] += v.get("FileCount").asLong();
                sum[1] += v.get("DeleteCount").asLong();
            }
        }
        return sum;
    }

    /** The volume servers' {@code .dat} bytes: {@code Size} summed over every volume of every server. */
    private static long datBytes(LocalCluster cluster) {
        long sum = 0;
        for (VolumeServer vs : cluster.volumeServers()) {
            for (JsonNode v : FilerProbe.volumes(vs.url())) {
                sum += v.get("Size").asLong();
            }
        }
        return sum;
    }

    /** One {@code hayloft fs} run in this JVM. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run fs(String filer, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 3];
        full[0] = "fs";
        full[1] = "-filer";
        full[2] = filer;
        System.arraycopy(args, 0, full, 3, args.length);
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(full);
        return new Run(code, out.toString(), err.toString());
    }
}
