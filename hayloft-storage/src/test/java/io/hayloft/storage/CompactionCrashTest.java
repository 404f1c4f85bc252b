package io.hayloft.storage;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;

import io.hayloft.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compaction crashed at each of its steps (through {@link CompactionStep} fault points; the
 * volume object is then abandoned with its files as the crash left them) must reopen with every
 * acknowledged needle, including those written during the compaction: rolled back before the
 * marker, rolled forward after it. The reopened volume must take new writes that survive another
 * reopen, and no temp file may be left.
 */
class CompactionCrashTest {
    private static final VolumeId VID = VolumeId.of(6);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-04-01T00:00:00Z"));

    @AfterEach
    void disarm() {
        FaultPoints.disarmAll();
    }

    @Test
    void opensWithEveryLiveNeedleWhenKilledBeforeCopy() {
        crashAt(CompactionStep.BEFORE_COPY, CompactionRecoveryOutcome.ROLLED_BACK, 0);
    }

    @Test
    void opensWithEveryLiveNeedleWhenKilledMidCopy() {
        crashAt(CompactionStep.MID_COPY, CompactionRecoveryOutcome.ROLLED_BACK, 0);
    }

    @Test
    void opensWithEveryLiveNeedleWhenKilledAfterCopyBeforeSwitch() {
        crashAt(CompactionStep.AFTER_COPY, CompactionRecoveryOutcome.ROLLED_BACK, 0);
    }

    @Test
    void opensWithEveryLiveNeedleWhenKilledAfterTheFinalCatchUpBeforeTheMarker() {
        crashAt(CompactionStep.AFTER_CATCH_UP, CompactionRecoveryOutcome.ROLLED_BACK, 0);
    }

    @Test
    void rollsForwardWhenKilledAfterTheMarkerBeforeAnyRename() {
        crashAt(CompactionStep.AFTER_MARKER, CompactionRecoveryOutcome.ROLLED_FORWARD, 1);
    }

    @Test
    void rollsForwardWhenKilledMidSwitchBetweenTheTwoRenames() {
        crashAt(CompactionStep.MID_SWITCH, CompactionRecoveryOutcome.ROLLED_FORWARD, 1);
    }

    @Test
    void rollsForwardWhenKilledAfterTheSwitchBeforeCleanup() {
        crashAt(CompactionStep.AFTER_SWITCH, CompactionRecoveryOutcome.ROLLED_FORWARD, 1);
    }

    @Test
    void rollsBackWhenKilledWhileWritingTheMarker() {
        crashAt(CompactionStep.AFTER_MARKER, CompactionRecoveryOutcome.ROLLED_BACK, 0,
                () -> truncate(file(VolumeFiles.COMPACT_MARKER), CompactionMarker.SIZE - 5));
    }

    @Test
    void rollsBackWhenTheCompactedDataFileIsShorterThanItsMarkerSays() {
        crashAt(CompactionStep.AFTER_MARKER, CompactionRecoveryOutcome.ROLLED_BACK, 0,
                () -> truncate(file(VolumeFiles.COMPACT_DAT), Files.size(file(VolumeFiles.COMPACT_DAT)) - 8));
    }

    @Test
    void removesAStaleMarkerWhoseSwitchWasAlreadyComplete() throws IOException {
        NeedleModel model = new NeedleModel();
        try (Volume v = create()) {
            model.fillAndDelete(v, new Random(3), 1, 30, 0.7);
            v.compact();
            Files.write(file(VolumeFiles.COMPACT_MARKER), new CompactionMarker(1,
                    v.stats().datSize(), 16L * model.liveKeys().size()).encode());
        }
        try (Volume v = open()) {
            assertThat(v.compactionRecovery()).isEqualTo(CompactionRecoveryOutcome.ROLLED_FORWARD);
            assertThat(v.superBlock().compactionRevision()).isEqualTo(1);
            model.verify(v);
        }
        assertNoCompactionFiles();
    }

    /** Hook that alters the files the crash left, to model a crash inside a write. */
    @FunctionalInterface
    private interface Damage {
        void apply() throws IOException;
    }

    private void crashAt(CompactionStep step, CompactionRecoveryOutcome expected, int expectedRevision) {
        crashAt(step, expected, expectedRevision, () -> { });
    }

    private void crashAt(CompactionStep step, CompactionRecoveryOutcome expected, int expectedRevision,
                         Damage damage) {
        Seeded.run(random -> {
            NeedleModel model = new NeedleModel();
            Volume v = create();
            model.fillAndDelete(v, random, 1, 200, 0.7);
            List<Long> live = model.liveKeys();
            AtomicInteger copies = new AtomicInteger();
            int crashAtCopy = 1 + random.nextInt(live.size() - 1);
            // writes, deletes and overwrites race the copy; then the crash comes at the step
            FaultPoints.arm(CompactionStep.MID_COPY.faultPoint(), point -> {
                int n = copies.incrementAndGet();
                if (n == 1) {
                    model.delete(v, live.get(0));
                    model.overwrite(v, live.get(1));
                    for (long key = 1000; key < 1040; key++) {
                        model.write(v, key, 0);
                    }
                }
                if (step == CompactionStep.MID_COPY && n == crashAtCopy) {
                    throw new SimulatedCrash(point);
                }
            });
            if (step != CompactionStep.MID_COPY) {
                FaultPoints.arm(step.faultPoint(), SimulatedCrash.action());
            }
            assertThatThrownBy(v::compact).isInstanceOf(SimulatedCrash.class);
            FaultPoints.disarmAll();
            abandon(v);
            damage.apply();

            try (Volume reopened = open()) {
                assertThat(reopened.compactionRecovery()).isEqualTo(expected);
                assertThat(reopened.superBlock().compactionRevision()).isEqualTo(expectedRevision);
                assertThat(reopened.recoveryReport().repaired()).isFalse();
                assertNoCompactionFiles();
                model.verify(reopened);
                for (long key = 2000; key < 2010; key++) {
                    model.write(reopened, key, 0);
                }
                model.delete(reopened, live.get(2));
            }
            try (Volume again = open()) {
                assertThat(again.compactionRecovery()).isEqualTo(CompactionRecoveryOutcome.NONE);
                model.verify(again);
                assertThat(again.compact().revision()).isEqualTo(expectedRevision + 1);
                model.verify(again);
            }
        });
    }

    /** Closes the crashed volume's channels; its files stay exactly as the crash left them. */
    private static void abandon(Volume v) {
        try {
            v.close();
        } catch (UncheckedIOException e) {
            // a crashed process closes nothing cleanly either
        }
    }

    private Volume create() {
        return Volume.create(dir, "", VID, ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults().withClock(clock));
    }

    private Volume open() {
        return Volume.open(dir, "", VID, VolumeOptions.defaults().withClock(clock));
    }

    private Path file(String extension) {
        return dir.resolve(VolumeFiles.baseName("", VID) + extension);
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    private void assertNoCompactionFiles() {
        assertThat(file(VolumeFiles.COMPACT_DAT)).doesNotExist();
        assertThat(file(VolumeFiles.COMPACT_IDX)).doesNotExist();
        assertThat(file(VolumeFiles.COMPACT_MARKER)).doesNotExist();
    }
}
