package io.hayloft.volume.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import io.hayloft.storage.VolumeSnapshot;
import io.hayloft.volume.throttle.ByteRateThrottle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume copy stream: {@link CopyStreamWriter} out of a snapshot, {@link CopyStreamReader} into a directory. */
class CopyStreamTest {
    private static final VolumeId ID = VolumeId.of(12);

    @TempDir
    Path root;
    Path source;
    Path target;

    @BeforeEach
    void dirs() throws IOException {
        source = Files.createDirectories(root.resolve("source"));
        target = Files.createDirectories(root.resolve("target"));
    }

    private Volume volumeWithNeedles(String collection, int count) {
        Volume v = Volume.create(source, collection, ID, ReplicaPlacement.parse("001"), Ttl.NONE,
                VolumeOptions.defaults());
        Random random = new Random(7);
        for (int key = 1; key <= count; key++) {
            byte[] data = new byte[1 + random.nextInt(3000)];
            random.nextBytes(data);
            v.write(Needle.of(key, 0x1000 + key, data).withName("n" + key + ".bin"));
        }
        v.delete(3, 0x1003);
        return v;
    }

    private static byte[] stream(Volume v) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VolumeSnapshot s = v.snapshot()) {
            long written = CopyStreamWriter.write(s, ChunkSink.of(out), null);
            assertThat(written).isEqualTo(out.size()).isEqualTo(CopyHeader.of(s).streamLength());
        }
        return out.toByteArray();
    }

    private List<Path> targetFiles() throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.toList();
        }
    }

    @Test
    void headerIsLaidOutByteByByteAsDocumented() {
        byte[] h = new CopyHeader("pics", 32, 4096).encode();
        ByteBuffer b = ByteBuffer.wrap(h);
        assertThat(h).hasSize(CopyHeader.FIXED_SIZE + 4);
        assertThat(new String(h, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("HLVC");
        assertThat(b.getInt(4)).isEqualTo(1);
        assertThat(b.getLong(8)).isEqualTo(32);
        assertThat(b.getLong(16)).isEqualTo(4096);
        assertThat(b.getShort(24)).isEqualTo((short) 4);
        assertThat(new String(h, 26, 4, StandardCharsets.UTF_8)).isEqualTo("pics");
    }

    @Test
    void headerReadsBackWhatWasWritten() throws IOException {
        CopyHeader h = new CopyHeader("", 160, 8);
        assertThat(CopyHeader.read(new ByteArrayInputStream(h.encode()))).isEqualTo(h);
    }

    @Test
    void copiedVolumeOpensWithEveryNeedleByteForByte() throws IOException {
        try (Volume original = volumeWithNeedles("pics", 300)) {
            byte[] stream = stream(original);
            CopyStreamReader.Installed installed = CopyStreamReader.install(new ByteArrayInputStream(stream), ID, target);
            assertThat(installed.bytes()).isEqualTo(stream.length);
            assertThat(installed.header().collection()).isEqualTo("pics");
            assertThat(targetFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("pics_12.dat", "pics_12.idx");
            assertThat(Files.readAllBytes(installed.dat())).isEqualTo(Files.readAllBytes(original.datPath()));
            assertThat(Files.readAllBytes(installed.idx())).isEqualTo(Files.readAllBytes(original.idxPath()));
            try (Volume copy = Volume.open(target, "pics", ID, VolumeOptions.defaults())) {
                assertThat(copy.replicaPlacement()).isEqualTo(ReplicaPlacement.parse("001"));
                assertThat(copy.stats().fileCount()).isEqualTo(original.stats().fileCount());
                for (int key = 1; key <= 300; key++) {
                    if (key == 3) {
                        int k = key;
                        assertThatThrownBy(() -> copy.read(k, 0x1000 + k))
                                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
                        continue;
                    }
                    Needle n = copy.read(key, 0x1000 + key);
                    assertThat(n.data()).isEqualTo(original.read(key, 0x1000 + key).data());
                    assertThat(n.name()).isEqualTo("n" + key + ".bin");
                }
            }
        }
    }

    @Test
    void snapshotLeavesOutWritesThatCameAfterIt() throws IOException {
        try (Volume original = volumeWithNeedles("", 20)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (VolumeSnapshot s = original.snapshot()) {
                original.write(Needle.of(999, 1, new byte[]{4, 2}));
                CopyStreamWriter.write(s, ChunkSink.of(out), null);
            }
            CopyStreamReader.install(new ByteArrayInputStream(out.toByteArray()), ID, target);
            try (Volume copy = Volume.open(target, "", ID, VolumeOptions.defaults())) {
                assertThat(copy.readStored(999)).isEmpty();
                assertThat(copy.read(20, 0x1000 + 20).data()).isEqualTo(original.read(20, 0x1000 + 20).data());
            }
        }
    }

    @Test
    void throttleIsToldEveryFileByteInChunksOfAtMostOneMebibyte() throws IOException {
        try (Volume original = volumeWithNeedles("", 1200)) {
            long[] now = {0};
            ByteRateThrottle throttle = new ByteRateThrottle(1L << 20, () -> now[0], n -> now[0] += n);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> chunks = new ArrayList<>();
            try (VolumeSnapshot s = original.snapshot()) {
                CopyStreamWriter.write(s, chunk -> {
                    chunks.add(chunk.remaining());
                    ChunkSink.of(out).write(chunk);
                }, throttle);
                assertThat(chunks).allMatch(c -> c <= CopyStreamWriter.CHUNK_SIZE);
                long fileBytes = s.idxLength() + s.datLength();
                assertThat(fileBytes).isGreaterThan(CopyStreamWriter.CHUNK_SIZE);
                // at 1 MiB/s the fake clock has advanced by the bytes' worth of time
                assertThat(now[0]).isEqualTo((long) (fileBytes * 1e9 / (1L << 20)));
            }
        }
    }

    @Test
    void truncatedStreamIsRefusedAndLeavesNothingInstalled() throws IOException {
        byte[] stream;
        long idxLength;
        try (Volume original = volumeWithNeedles("", 50); VolumeSnapshot s = original.snapshot()) {
            stream = stream(original);
            idxLength = s.idxLength();
        }
        int header = CopyHeader.FIXED_SIZE;
        int[] cuts = {0, 10, header + 5, (int) (header + idxLength), stream.length - 1};
        for (int cut : cuts) {
            byte[] truncated = Arrays.copyOf(stream, cut);
            assertThatThrownBy(() -> CopyStreamReader.install(new ByteArrayInputStream(truncated), ID, target))
                    .as("cut at %d", cut)
                    .isInstanceOf(CopyStreamException.class)
                    .hasMessageContaining("ended");
            assertThat(targetFiles()).as("cut at %d", cut).isEmpty();
        }
    }

    @Test
    void badMagicIsRefusedAndLeavesNothingInstalled() throws IOException {
        byte[] stream;
        try (Volume original = volumeWithNeedles("", 5)) {
            stream = stream(original);
        }
        stream[0] = 'X';
        assertThatThrownBy(() -> CopyStreamReader.install(new ByteArrayInputStream(stream), ID, target))
                .isInstanceOf(CopyStreamException.class)
                .hasMessageContaining("not a volume copy stream").hasMessageContaining("expected HLVC");
        assertThat(targetFiles()).isEmpty();
    }

    @Test
    void unknownVersionAndImpossibleLengthsAreRefused() {
        byte[] version = new CopyHeader("", 0, 8).encode();
        ByteBuffer.wrap(version).putInt(4, 2);
        assertThatThrownBy(() -> CopyHeader.read(new ByteArrayInputStream(version)))
                .isInstanceOf(CopyStreamException.class).hasMessageContaining("version 2");
        byte[] oddIndex = new CopyHeader("", 0, 8).encode();
        ByteBuffer.wrap(oddIndex).putLong(8, 17);
        assertThatThrownBy(() -> CopyHeader.read(new ByteArrayInputStream(oddIndex)))
                .isInstanceOf(CopyStreamException.class).hasMessageContaining("idxLength");
        byte[] noSuperBlock = new CopyHeader("", 0, 8).encode();
        ByteBuffer.wrap(noSuperBlock).putLong(16, 4);
        assertThatThrownBy(() -> CopyHeader.read(new ByteArrayInputStream(noSuperBlock)))
                .isInstanceOf(CopyStreamException.class).hasMessageContaining("datLength");
    }

    @Test
    void streamLongerThanItsHeaderSaysIsRefused() throws IOException {
        byte[] stream;
        try (Volume original = volumeWithNeedles("", 5)) {
            stream = stream(original);
        }
        byte[] longer = Arrays.copyOf(stream, stream.length + 1);
        assertThatThrownBy(() -> CopyStreamReader.install(new ByteArrayInputStream(longer), ID, target))
                .isInstanceOf(CopyStreamException.class).hasMessageContaining("longer");
        assertThat(targetFiles()).isEmpty();
    }

    @Test
    void leftoversOfAnInterruptedCopyAreReplaced() throws IOException {
        Files.write(target.resolve("12.idx.copying"), new byte[]{1, 2, 3});
        Files.write(target.resolve("12.dat.copying"), new byte[]{4, 5, 6});
        Files.write(target.resolve("12.idx"), new byte[]{7}); // died between the two renames
        try (Volume original = volumeWithNeedles("", 10)) {
            CopyStreamReader.install(new ByteArrayInputStream(stream(original)), ID, target);
            assertThat(targetFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("12.dat", "12.idx");
            assertThat(Files.readAllBytes(target.resolve("12.idx"))).isEqualTo(Files.readAllBytes(original.idxPath()));
        }
    }

    @Test
    void refusesToOverwriteAVolumeFileThatIsThere() throws IOException {
        Files.write(target.resolve("12.dat"), new byte[]{1});
        try (Volume original = volumeWithNeedles("", 3)) {
            byte[] stream = stream(original);
            assertThatThrownBy(() -> CopyStreamReader.install(new ByteArrayInputStream(stream), ID, target))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        }
        assertThat(Files.readAllBytes(target.resolve("12.dat"))).containsExactly(1);
        assertThat(targetFiles()).hasSize(1);
    }
}
