package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;

import io.hayloft.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.hayloft.storage.VolumeTest.assertNotFound;
import static io.hayloft.storage.VolumeTest.catchHayloft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vacuum: what it reclaims, what it keeps, and that it runs while the volume is in use. */
class VolumeCompactionTest {
    private static final VolumeId VID = VolumeId.of(4);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T00:00:00Z"));
    private Volume volume;

    @BeforeEach
    void createVolume() {
        volume = Volume.create(dir, "vac", VID, ReplicaPlacement.NONE, Ttl.NONE, options());
    }

    @AfterEach
    void closeVolume() {
        FaultPoints.disarmAll();
        volume.close();
    }

    private VolumeOptions options() {
        return VolumeOptions.defaults().withClock(clock);
    }

    @Test
    void shrinksTheDataFileToItsSurvivorsWhenSeventyPercentAreDeleted() {
        Seeded.run(random -> {
            NeedleModel model = new NeedleModel();
            model.fillAndDelete(volume, random, 1, 400, 0.7);
            long before = volume.stats().datSize();
            double ratio = volume.garbageRatio();
            assertThat(ratio).isBetween(0.5, 0.9);

            CompactionResult result = volume.compact();

            long expected = SuperBlock.SIZE + model.liveBytes();
            assertThat(result.sizeBefore()).isEqualTo(before);
            assertThat(result.sizeAfter()).isEqualTo(expected);
            assertThat(volume.stats().datSize()).isEqualTo(expected);
            assertThat(result.bytesReclaimed()).isEqualTo(before - expected);
            assertThat(result.garbageRatioBefore()).isCloseTo((double) (before - expected) / before,
                    org.assertj.core.data.Offset.offset(1e-9)).isGreaterThan(ratio);
            assertThat(result.needlesCopied()).isEqualTo(model.liveKeys().size());
            assertThat(result.revision()).isEqualTo(1);
            assertThat(volume.garbageRatio()).isZero();
            assertThat(volume.datPath()).hasSize(expected);
            assertThat(volume.idxPath()).hasSize(16L * model.liveKeys().size());
            model.verify(volume);
            assertNoCompactionFiles();

            volume.close();
            volume = Volume.open(dir, "vac", VID, options());
            assertThat(volume.recoveryReport().repaired()).isFalse();
            assertThat(volume.superBlock().compactionRevision()).isEqualTo(1);
            model.verify(volume);
        });
    }

    @Test
    void raisesTheCompactionRevisionByOneEachTime() {
        NeedleModel model = new NeedleModel();
        for (int i = 1; i <= 3; i++) {
            model.fillAndDelete(volume, new Random(i), i * 1000L, 20, 0.5);
            assertThat(volume.compact().revision()).isEqualTo(i);
            assertThat(volume.superBlock().compactionRevision()).isEqualTo(i);
        }
        volume.close();
        volume = Volume.open(dir, "vac", VID, options());
        assertThat(volume.superBlock().compactionRevision()).isEqualTo(3);
        assertThat(volume.superBlock().replicaPlacement()).isEqualTo(ReplicaPlacement.NONE);
        model.verify(volume);
    }

    @Test
    void dropsExpiredNeedlesAndKeepsTheTtlOfTheOthersCounting() {
        volume.write(Needle.of(1, 7, new byte[100]).withTtl(Ttl.parse("3m")));
        volume.write(Needle.of(2, 7, new byte[100]).withTtl(Ttl.parse("1h")));
        volume.write(Needle.of(3, 7, new byte[100]));
        clock.advance(Duration.ofMinutes(5));

        CompactionResult result = volume.compact();

        assertThat(result.expiredNeedlesDropped()).isEqualTo(1);
        assertThat(result.needlesCopied()).isEqualTo(2);
        assertNotFound(() -> volume.read(1, 7));
        assertThat(volume.read(2, 7).dataSize()).isEqualTo(100);
        clock.advance(Duration.ofMinutes(55));
        assertNotFound(() -> volume.read(2, 7));
        assertThat(volume.read(3, 7).dataSize()).isEqualTo(100);
    }

    @Test
    void keepsWritesDeletesAndOverwritesMadeDuringTheCopy() {
        NeedleModel model = new NeedleModel();
        model.fillAndDelete(volume, new Random(11), 1, 100, 0.7);
        List<Long> live = model.liveKeys();
        AtomicInteger hits = new AtomicInteger();
        FaultPoints.arm(CompactionStep.MID_COPY.faultPoint(), point -> {
            int hit = hits.incrementAndGet();
            if (hit == 2) {
                model.delete(volume, live.get(0));
                model.delete(volume, live.get(live.size() - 1));
                model.overwrite(volume, live.get(1));
                model.overwrite(volume, live.get(live.size() - 2));
                for (long key = 500; key < 600; key++) {
                    model.write(volume, key, 0);
                }
                model.delete(volume, 550);
            }
        });

        CompactionResult result = volume.compact();

        assertThat(result.recordsCaughtUp()).isGreaterThanOrEqualTo(100);
        model.verify(volume);
        volume.close();
        volume = Volume.open(dir, "vac", VID, options());
        model.verify(volume);
    }

    @Test
    void matchesTheModelAfterCompactingWhileVirtualThreadsWriteDeleteAndRead() {
        Seeded.run(random -> {
            volume.close();
            volume = Volume.open(dir, "vac", VID, options().withFsync(true));
            NeedleModel model = new NeedleModel();
            model.fillAndDelete(volume, random, 1, 300, 0.7);
            List<Long> seededLive = model.liveKeys();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            int writers = 3;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> tasks = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    long base = (w + 1) * 100_000L;
                    long seed = random.nextLong();
                    tasks.add(pool.submit(() -> {
                        Random r = new Random(seed);
                        List<Long> mine = new ArrayList<>();
                        for (long i = 0; running.get() || i < 50; i++) {
                            if (mine.isEmpty() || r.nextInt(3) > 0) {
                                model.write(volume, base + i, 0);
                                mine.add(base + i);
                            } else if (r.nextBoolean()) {
                                model.delete(volume, mine.remove(r.nextInt(mine.size())));
                            } else {
                                model.overwrite(volume, mine.get(r.nextInt(mine.size())));
                            }
                        }
                        return null;
                    }));
                }
                tasks.add(pool.submit(() -> {
                    // seeded survivors are never touched by writers: each read must succeed, mid-switch too
                    Random r = new Random(seededLive.size());
                    while (running.get()) {
                        long key = seededLive.get(r.nextInt(seededLive.size()));
                        assertThat(volume.read(key, NeedleModel.COOKIE).data())
                                .isEqualTo(NeedleModel.contentOf(key, 0));
                        reads.incrementAndGet();
                    }
                    return null;
                }));
                int previous = 0;
                for (int round = 0; round < 4; round++) {
                    CompactionResult result = volume.compact();
                    assertThat(result.revision()).isEqualTo(previous + 1);
                    previous = result.revision();
                }
                running.set(false);
                for (Future<?> task : tasks) {
                    task.get();
                }
            }
            assertThat(reads.get()).isPositive();
            model.verify(volume);
            volume.close();
            volume = Volume.open(dir, "vac", VID, options());
            assertThat(volume.recoveryReport().repaired()).isFalse();
            assertThat(volume.superBlock().compactionRevision()).isEqualTo(4);
            model.verify(volume);
        });
    }

    @Test
    void refusesASecondCompactionWhileOneRuns() {
        volume.write(Needle.of(1, 7, new byte[10]));
        List<HayloftException> refused = new ArrayList<>();
        FaultPoints.arm(CompactionStep.AFTER_COPY.faultPoint(),
                point -> refused.add(catchHayloft(() -> volume.compact())));
        assertThat(volume.compact().revision()).isEqualTo(1);
        assertThat(refused).singleElement().extracting(HayloftException::code).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void leavesTheVolumeUnchangedAndNoTempFilesWhenTheCopyFails() {
        NeedleModel model = new NeedleModel();
        model.fillAndDelete(volume, new Random(5), 1, 50, 0.7);
        long size = volume.stats().datSize();
        FaultPoints.arm(CompactionStep.AFTER_CATCH_UP.faultPoint(), point -> {
            throw new UncheckedIOException(new java.io.IOException("disk full (injected)"));
        });
        assertThatThrownBy(volume::compact).isInstanceOf(UncheckedIOException.class);
        FaultPoints.disarmAll();
        assertNoCompactionFiles();
        assertThat(volume.stats().datSize()).isEqualTo(size);
        assertThat(volume.superBlock().compactionRevision()).isZero();
        model.overwrite(volume, model.liveKeys().getFirst());
        model.verify(volume);
        assertThat(volume.compact().revision()).isEqualTo(1);
        model.verify(volume);
    }

    @Test
    void refusesWritesUntilReopenedWhenTheSwitchFailsBetweenTheRenames() {
        NeedleModel model = new NeedleModel();
        model.fillAndDelete(volume, new Random(8), 1, 50, 0.7);
        FaultPoints.arm(CompactionStep.MID_SWITCH.faultPoint(), point -> {
            throw new UncheckedIOException(new java.io.IOException("rename failed (injected)"));
        });
        assertThatThrownBy(volume::compact).isInstanceOf(UncheckedIOException.class);
        FaultPoints.disarmAll();
        volume.setReadOnly(false);
        assertThat(catchHayloft(() -> volume.write(NeedleModel.needle(999, 0))).code())
                .isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(catchHayloft(volume::compact).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        model.verify(volume);
        volume.close();
        volume = Volume.open(dir, "vac", VID, options());
        assertThat(volume.compactionRecovery()).isEqualTo(CompactionRecoveryOutcome.ROLLED_FORWARD);
        assertThat(volume.superBlock().compactionRevision()).isEqualTo(1);
        model.verify(volume);
        model.write(volume, 999, 0);
        assertNoCompactionFiles();
    }

    @Test
    void refusesToDropALiveNeedleThatFailsItsChecksum() throws Exception {
        volume.write(Needle.of(1, 7, new byte[64]));
        WriteResult second = volume.write(Needle.of(2, 7, new byte[64]));
        VolumeTest.flipByte(volume.datPath(), second.offset() + NeedleCodec.HEADER_SIZE + 10);
        assertThat(catchHayloft(volume::compact).code()).isEqualTo(ErrorCode.CORRUPT);
        assertNoCompactionFiles();
        assertThat(volume.read(1, 7).dataSize()).isEqualTo(64);
    }

    @Test
    void garbageRatioCountsDeletedAndReplacedNeedles() {
        assertThat(volume.garbageRatio()).isZero();
        volume.write(Needle.of(1, 7, new byte[1000]));
        volume.write(Needle.of(2, 7, new byte[1000]));
        assertThat(volume.garbageRatio()).isZero();
        volume.delete(1, 7);
        volume.write(Needle.of(2, 7, new byte[500]));
        long content = volume.stats().datSize() - SuperBlock.SIZE;
        assertThat(volume.garbageRatio()).isEqualTo((double) volume.stats().deletedBytes() / content);
        assertThat(volume.stats().deletedBytes()).isEqualTo(2 * (1000 + 4 + 1));
    }

    private void assertNoCompactionFiles() {
        String base = VolumeFiles.baseName("vac", VID);
        assertThat(dir.resolve(base + VolumeFiles.COMPACT_DAT)).doesNotExist();
        assertThat(dir.resolve(base + VolumeFiles.COMPACT_IDX)).doesNotExist();
        assertThat(dir.resolve(base + VolumeFiles.COMPACT_MARKER)).doesNotExist();
    }
}
