package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The volume's hooks for replica repair and copies: readStored, repair, repairDelete, forEachLive, snapshot. */
class VolumeRepairTest {
    private static final VolumeId VID = VolumeId.of(9);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private Volume volume;

    @BeforeEach
    void createVolume() {
        volume = Volume.create(dir, "", VID, ReplicaPlacement.parse("001"), Ttl.NONE,
                VolumeOptions.defaults().withClock(clock));
    }

    @AfterEach
    void closeVolume() {
        volume.close();
    }

    private static Needle needle(long key, int cookie, String text) {
        return Needle.of(key, cookie, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readStoredIgnoresTheCookieAndTtlButNotDeletion() {
        volume.write(needle(1, 7, "one").withTtl(Ttl.parse("1m")));
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> volume.read(1, 7)).isInstanceOf(HayloftException.class);
        assertThat(volume.readStored(1)).hasValueSatisfying(n -> {
            assertThat(n.cookie()).isEqualTo(7);
            assertThat(new String(n.data(), StandardCharsets.UTF_8)).isEqualTo("one");
        });
        volume.delete(1, 7);
        assertThat(volume.readStored(1)).isEmpty();
        assertThat(volume.readStored(2)).isEmpty();
    }

    @Test
    void repairKeepsTheAppendTimeSoATtlNeedleExpiresWithItsOriginal() {
        Needle original = needle(5, 3, "short-lived").withTtl(Ttl.parse("10m"));
        long appendedAt = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        Needle copy = new Needle(original.key(), original.cookie(), original.data(), original.name(), original.mime(),
                original.lastModified(), original.ttl(), original.pairs(), original.checksum(), appendedAt);
        clock.advance(Duration.ofMinutes(8));
        assertThat(volume.repair(copy).unchanged()).isFalse();
        assertThat(volume.read(5, 3).appendAtNs()).isEqualTo(appendedAt);
        clock.advance(Duration.ofMinutes(3));
        assertThatThrownBy(() -> volume.read(5, 3)).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void repairBypassesReadOnlyAndTheSizeLimitButWriteDoesNot() {
        volume.setReadOnly(true);
        assertThatThrownBy(() -> volume.write(needle(1, 1, "x"))).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        volume.repair(needle(1, 1, "x"));
        volume.setReadOnly(false);
        volume.setSizeLimit(Volume.MIN_SIZE_LIMIT);
        assertThatThrownBy(() -> volume.write(needle(2, 1, "a longer needle than fits"))).isInstanceOf(HayloftException.class);
        volume.repair(needle(2, 1, "a longer needle than fits"));
        assertThat(new String(volume.read(1, 1).data(), StandardCharsets.UTF_8)).isEqualTo("x");
        assertThat(new String(volume.read(2, 1).data(), StandardCharsets.UTF_8)).isEqualTo("a longer needle than fits");
    }

    @Test
    void repairReplacesAVersionWithAnotherCookieAndLeavesAnIdenticalOneAlone() {
        volume.write(needle(4, 1, "stale"));
        assertThatThrownBy(() -> volume.write(needle(4, 2, "good"))).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(volume.repair(needle(4, 2, "good")).unchanged()).isFalse();
        assertThat(new String(volume.read(4, 2).data(), StandardCharsets.UTF_8)).isEqualTo("good");
        long size = volume.stats().datSize();
        assertThat(volume.repair(volume.readStored(4).orElseThrow()).unchanged()).isTrue();
        assertThat(volume.stats().datSize()).isEqualTo(size);
    }

    @Test
    void repairDeleteNeedsNoCookieAndWorksOnAReadOnlyVolume() {
        volume.write(needle(6, 99, "doomed"));
        volume.setReadOnly(true);
        assertThat(volume.repairDelete(6)).isTrue();
        assertThat(volume.repairDelete(6)).isFalse();
        assertThat(volume.repairDelete(12345)).isFalse();
        assertThat(volume.readStored(6)).isEmpty();
        assertThat(volume.stats().deleteCount()).isEqualTo(1);
    }

    @Test
    void forEachLiveVisitsLiveNeedlesInKeyOrder() {
        volume.write(needle(30, 1, "c"));
        volume.write(needle(10, 1, "a"));
        volume.write(needle(20, 1, "b"));
        volume.delete(20, 1);
        List<Long> keys = new ArrayList<>();
        volume.forEachLive((key, offsetUnits, size) -> keys.add(key));
        assertThat(keys).containsExactly(10L, 30L);
    }

    @Test
    void aSnapshotHoldsTheFilesAsTheyWereAndEveryIndexedRecordLiesBelowItsDatLength() throws IOException {
        for (int i = 1; i <= 50; i++) {
            volume.write(needle(i, i, "needle " + i));
        }
        volume.delete(7, 7);
        try (VolumeSnapshot snap = volume.snapshot()) {
            volume.write(needle(500, 1, "after the snapshot"));
            assertThat(snap.idxLength()).isEqualTo(51L * 16);
            assertThat(snap.idx().size()).isGreaterThan(snap.idxLength());
            assertThat(snap.dat().size()).isGreaterThan(snap.datLength());
            ByteBuffer idx = ByteBuffer.allocate((int) snap.idxLength());
            snap.idx().read(idx, 0);
            idx.flip();
            while (idx.hasRemaining()) {
                idx.getLong();
                long offset = (idx.getInt() & 0xFFFF_FFFFL) << 3;
                int size = idx.getInt();
                if (size >= 0) {
                    assertThat(offset + NeedleCodec.recordLength(size)).isLessThanOrEqualTo(snap.datLength());
                }
            }
            assertThat(snap.superBlock().replicaPlacement()).isEqualTo(ReplicaPlacement.parse("001"));
        }
    }

    @Test
    void needleRecordsRoundTripAndRejectGarbage() {
        volume.write(needle(77, 5, "payload").withName("a.txt").withMime("text/plain"));
        Needle stored = volume.readStored(77).orElseThrow();
        byte[] record = NeedleRecords.encode(stored);
        Needle back = NeedleRecords.decode(record);
        assertThat(back).isEqualTo(stored);
        assertThat(back.appendAtNs()).isEqualTo(stored.appendAtNs());
        record[NeedleCodec.HEADER_SIZE + 6] ^= 1;
        assertThatThrownBy(() -> NeedleRecords.decode(record)).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        byte[] longer = java.util.Arrays.copyOf(NeedleRecords.encode(stored), record.length + 8);
        assertThatThrownBy(() -> NeedleRecords.decode(longer)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> NeedleRecords.decode(new byte[3])).isInstanceOf(HayloftException.class);
    }
}
