package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;

import io.hayloft.testkit.MutableClock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeTest {
    private static final VolumeId VID = VolumeId.of(3);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private Volume volume;

    @BeforeEach
    void createVolume() {
        volume = Volume.create(dir, "pics", VID, ReplicaPlacement.parse("001"), Ttl.NONE, options());
    }

    @AfterEach
    void closeVolume() {
        volume.close();
    }

    private VolumeOptions options() {
        return VolumeOptions.defaults().withClock(clock);
    }

    private static Needle needle(long key, int cookie, String text) {
        return Needle.of(key, cookie, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackEveryFieldOfAWrittenNeedle() {
        Needle n = needle(1, 0xABCD, "hello world").withName("hello.txt").withMime("text/plain")
                .withLastModified(1_700_000_000L).withTtl(Ttl.parse("5d")).withPairs(Map.of("color", "blue"));
        WriteResult result = volume.write(n);
        assertThat(result.unchanged()).isFalse();
        assertThat(result.offset()).isEqualTo(SuperBlock.SIZE);
        assertThat(result.size()).isEqualTo(11);
        assertThat(result.eTag()).isEqualTo(n.eTag());
        Needle read = volume.read(1, 0xABCD);
        assertThat(read).isEqualTo(n.withAppendAtNs(clock.instant().getEpochSecond() * 1_000_000_000L));
    }

    @Test
    void tryWriteAppendsLikeWriteWhenNothingMakesItWait() {
        Needle n = needle(7, 0x77, "fast path");
        WriteResult result = volume.tryWrite(n);
        assertThat(result).isNotNull();
        assertThat(result.unchanged()).isFalse();
        assertThat(volume.read(7, 0x77).data()).isEqualTo(n.data());
        assertThat(volume.tryWrite(n).unchanged()).isTrue();
        assertThatThrownBy(() -> volume.tryWrite(needle(7, 0x78, "other cookie")))
                .isInstanceOf(HayloftException.class).extracting("code").isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void tryWriteLeavesFsyncedVolumesToWriteSoNoCallerWaitsForAForce(@TempDir Path other) {
        try (Volume synced = Volume.create(other, "", VolumeId.of(4), ReplicaPlacement.parse("000"), Ttl.NONE,
                options().withFsync(true))) {
            assertThat(synced.tryWrite(needle(1, 1, "x"))).isNull();
            assertThat(synced.stats().datSize()).isEqualTo(SuperBlock.SIZE);
        }
    }

    @Test
    void tryWriteDoesNothingWhileAnotherWriterHoldsTheVolume() throws Exception {
        WriteResult during = volume.exclusively(() -> {
            try (var other = java.util.concurrent.Executors.newSingleThreadExecutor()) {
                return other.submit(() -> volume.tryWrite(needle(9, 9, "contended"))).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(during).isNull();
        assertThat(volume.stats().datSize()).isEqualTo(SuperBlock.SIZE);
        assertThat(volume.tryWrite(needle(9, 9, "contended"))).isNotNull();
    }

    @Test
    void recordLengthIsTheLiveRecordsSizeInDatAndMinusOneWhenAbsentOrDeleted() {
        volume.write(needle(1, 7, "a"));
        WriteResult second = volume.write(needle(2, 7, "x".repeat(1000)));
        long third = volume.write(needle(3, 7, "b")).offset();
        assertThat(volume.recordLength(2)).isEqualTo(third - second.offset());
        assertThat(volume.recordLength(2) % 8).isZero();
        assertThat(volume.recordLength(1)).isPositive().isLessThan(volume.recordLength(2));
        assertThat(volume.recordLength(99)).isEqualTo(-1);
        volume.delete(2, 7);
        assertThat(volume.recordLength(2)).isEqualTo(-1);
    }

    @Test
    void placesEveryRecordAtAnEightByteAlignedOffset() {
        long previous = 0;
        for (int i = 1; i <= 20; i++) {
            WriteResult r = volume.write(needle(i, i, "x".repeat(i)));
            assertThat(r.offset() % 8).isZero();
            assertThat(r.offset()).isGreaterThan(previous);
            previous = r.offset();
        }
        assertThat(volume.stats().datSize() % 8).isZero();
    }

    @Test
    void absentKeyAndWrongCookieReadAsTheSameNotFound() {
        volume.write(needle(1, 7, "a"));
        HayloftException absent = catchHayloft(() -> volume.read(2, 7));
        HayloftException wrongCookie = catchHayloft(() -> volume.read(1, 8));
        assertThat(absent.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(wrongCookie.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(catchHayloft(() -> volume.read(1, 8)).getMessage())
                .isEqualTo(catchHayloft(() -> {
                    volume.delete(1, 7);
                    volume.read(1, 7);
                }).getMessage());
    }

    @Test
    void deleteAppendsATombstoneAndReturnsTheDataSize() {
        volume.write(needle(1, 7, "12345"));
        long before = volume.stats().datSize();
        assertThat(volume.delete(1, 7)).isEqualTo(5);
        assertThat(volume.stats().datSize()).isEqualTo(before + NeedleCodec.TOMBSTONE_RECORD_SIZE);
        assertNotFound(() -> volume.read(1, 7));
        assertNotFound(() -> volume.delete(1, 7));
        VolumeStats stats = volume.stats();
        assertThat(stats.fileCount()).isZero();
        assertThat(stats.deleteCount()).isEqualTo(1);
        assertThat(stats.deletedBytes()).isPositive();
    }

    @Test
    void deleteWithTheWrongCookieIsNotFoundAndKeepsTheNeedle() {
        volume.write(needle(1, 7, "keep"));
        assertNotFound(() -> volume.delete(1, 8));
        assertNotFound(() -> volume.delete(99, 7));
        assertThat(volume.read(1, 7).data()).asString(StandardCharsets.UTF_8).isEqualTo("keep");
    }

    @Test
    void rejectsWriteOfALiveKeyWithAnotherCookie() {
        volume.write(needle(1, 7, "first"));
        assertThat(catchHayloft(() -> volume.write(needle(1, 8, "second"))).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(volume.read(1, 7).data()).asString(StandardCharsets.UTF_8).isEqualTo("first");
    }

    @Test
    void acceptsAnotherCookieOnceTheKeyIsDeleted() {
        volume.write(needle(1, 7, "first"));
        volume.delete(1, 7);
        volume.write(needle(1, 8, "second"));
        assertThat(volume.read(1, 8).data()).asString(StandardCharsets.UTF_8).isEqualTo("second");
    }

    @Test
    void identicalRewriteIsUnchangedAndAppendsNothing() {
        WriteResult first = volume.write(needle(1, 7, "same").withName("a"));
        long size = volume.stats().datSize();
        WriteResult again = volume.write(needle(1, 7, "same").withName("a"));
        assertThat(again.unchanged()).isTrue();
        assertThat(again.offset()).isEqualTo(first.offset());
        assertThat(again.eTag()).isEqualTo(first.eTag());
        assertThat(volume.stats().datSize()).isEqualTo(size);
        assertThat(volume.write(needle(1, 7, "same").withName("b")).unchanged()).isFalse();
    }

    @Test
    void rewriteWithTheSameCookieAppendsANewVersionAndCountsGarbage() {
        volume.write(needle(1, 7, "old data"));
        WriteResult second = volume.write(needle(1, 7, "new"));
        assertThat(second.unchanged()).isFalse();
        assertThat(volume.read(1, 7).data()).asString(StandardCharsets.UTF_8).isEqualTo("new");
        VolumeStats stats = volume.stats();
        assertThat(stats.fileCount()).isEqualTo(1);
        assertThat(stats.deleteCount()).isEqualTo(1);
        assertThat(stats.deletedBytes()).isEqualTo(4 + 8 + 1);
    }

    @Test
    void rejectsWriteWhenVolumeIsFull() {
        volume.setSizeLimit(1024);
        int written = 0;
        while (!volume.isFull()) {
            try {
                volume.write(needle(written + 1, 1, "x".repeat(100)));
                written++;
            } catch (HayloftException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
                break;
            }
        }
        assertThat(written).isEqualTo((1024 - 8) / 136);
        HayloftException full = catchHayloft(() -> volume.write(needle(1000, 1, "x".repeat(100))));
        assertThat(full.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(full.getMessage()).isEqualTo("volume 3 is full (size limit 1024 bytes)");
        assertThat(volume.stats().datSize()).isLessThanOrEqualTo(1024);
        volume.setSizeLimit(1L << 20);
        assertThat(volume.isFull()).isFalse();
        volume.write(needle(1000, 1, "x".repeat(100)));
    }

    @Test
    void countsAsFullOnceAWriteDidNotFitUntilTheLimitIsRaised() {
        volume.setSizeLimit(volume.stats().datSize() + 300);
        volume.write(needle(1, 1, "x".repeat(100)));
        assertThat(volume.isFull()).isFalse();
        assertThat(catchHayloft(() -> volume.write(needle(2, 1, "x".repeat(200)))).code())
                .isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(volume.isFull()).isTrue();
        volume.setSizeLimit(1L << 20);
        assertThat(volume.isFull()).isFalse();
    }

    @Test
    void isFullOnceNotEvenTheSmallestNeedleFits() {
        long size = volume.stats().datSize();
        volume.setSizeLimit(size + NeedleCodec.MIN_NEEDLE_RECORD_SIZE);
        assertThat(volume.isFull()).isFalse();
        volume.write(needle(1, 1, ""));
        assertThat(volume.isFull()).isTrue();
        assertThat(volume.delete(1, 1)).isZero();
    }

    @Test
    void readOnlyVolumeRefusesWritesAndDeletesButServesReads() {
        volume.write(needle(1, 7, "a"));
        volume.setReadOnly(true);
        assertThat(volume.isReadOnly()).isTrue();
        assertThat(catchHayloft(() -> volume.write(needle(2, 7, "b"))).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(catchHayloft(() -> volume.delete(1, 7)).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(volume.read(1, 7).dataSize()).isEqualTo(1);
        volume.setReadOnly(false);
        volume.write(needle(2, 7, "b"));
    }

    @Test
    void needleExpiresWhenItsOwnTtlHasPassed() {
        volume.write(needle(1, 7, "short").withTtl(Ttl.parse("3m")));
        clock.advance(Duration.ofMinutes(3).minusNanos(1));
        assertThat(volume.read(1, 7).dataSize()).isEqualTo(5);
        clock.advance(Duration.ofNanos(1));
        assertNotFound(() -> volume.read(1, 7));
    }

    @Test
    void needleInheritsTheVolumeTtlAndTheVolumeExpiresWithItsNewestNeedle() {
        try (Volume ttlVolume = Volume.create(dir, "", VolumeId.of(9), ReplicaPlacement.NONE, Ttl.parse("1h"),
                options())) {
            assertThat(ttlVolume.isExpired()).isFalse();
            ttlVolume.write(needle(1, 7, "a"));
            clock.advance(Duration.ofMinutes(30));
            ttlVolume.write(needle(2, 7, "b"));
            clock.advance(Duration.ofMinutes(30));
            assertNotFound(() -> ttlVolume.read(1, 7));
            assertThat(ttlVolume.read(2, 7).dataSize()).isEqualTo(1);
            assertThat(ttlVolume.isExpired()).isFalse();
            clock.advance(Duration.ofMinutes(30));
            assertThat(ttlVolume.isExpired()).isTrue();
        }
        assertThat(volume.isExpired()).isFalse();
    }

    @Test
    void reopeningKeepsNeedlesSettingsAndCounters() {
        try (Volume v = Volume.create(dir, "", VolumeId.of(4), ReplicaPlacement.parse("110"), Ttl.parse("2w"),
                options())) {
            v.write(needle(1, 7, "one"));
            v.write(needle(2, 7, "two"));
            v.write(needle(2, 7, "two!"));
            v.delete(1, 7);
        }
        try (Volume v = Volume.open(dir, "", VolumeId.of(4), options())) {
            assertThat(v.replicaPlacement()).isEqualTo(ReplicaPlacement.parse("110"));
            assertThat(v.ttl()).isEqualTo(Ttl.parse("2w"));
            assertThat(v.superBlock().version()).isEqualTo(SuperBlock.CURRENT_VERSION);
            assertThat(v.recoveryReport().repaired()).isFalse();
            assertThat(v.read(2, 7).data()).asString(StandardCharsets.UTF_8).isEqualTo("two!");
            assertNotFound(() -> v.read(1, 7));
            VolumeStats stats = v.stats();
            assertThat(stats.fileCount()).isEqualTo(1);
            assertThat(stats.deleteCount()).isEqualTo(2);
            assertThat(stats.maxKey()).isEqualTo(2);
            assertThat(stats.lastAppendAtSeconds()).isEqualTo(clock.instant().getEpochSecond());
        }
    }

    @Test
    void corruptDataReadsAsCorruptNeverAsBytes() throws IOException {
        volume.write(needle(1, 7, "first"));
        WriteResult second = volume.write(needle(2, 7, "second"));
        volume.write(needle(3, 7, "third"));
        volume.close();
        flipByte(volume.datPath(), second.offset() + 16 + 4 + 2);
        volume = Volume.open(dir, "pics", VID, options());
        assertThat(catchHayloft(() -> volume.read(2, 7)).code()).isEqualTo(ErrorCode.CORRUPT);
        assertThat(volume.read(1, 7).dataSize()).isEqualTo(5);
        assertThat(volume.read(3, 7).dataSize()).isEqualTo(5);
        volume.write(needle(2, 7, "repaired"));
        assertThat(volume.read(2, 7).data()).asString(StandardCharsets.UTF_8).isEqualTo("repaired");
    }

    @Test
    void rejectsANeedleWhoseChecksumDoesNotMatchItsData() {
        Needle n = needle(1, 7, "data");
        Needle lying = new Needle(1, 7, n.data(), "", "", 0, Ttl.NONE, Map.of(), n.checksum() + 1, 0);
        assertThat(catchHayloft(() -> volume.write(lying)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void createRefusesExistingFilesAndOpenRefusesMissingOnes() {
        assertThat(catchHayloft(() -> Volume.create(dir, "pics", VID, ReplicaPlacement.NONE, Ttl.NONE, options()))
                .code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(catchHayloft(() -> Volume.open(dir, "other", VID, options())).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void namesFilesAfterCollectionAndId() {
        assertThat(volume.datPath()).isEqualTo(dir.resolve("pics_3.dat"));
        assertThat(volume.idxPath()).isEqualTo(dir.resolve("pics_3.idx"));
        assertThat(volume.collection()).isEqualTo("pics");
        assertThat(volume.id()).isEqualTo(VID);
    }

    @Test
    void refusesToOpenAnUnknownFormatVersion() throws IOException {
        volume.close();
        try (FileChannel ch = FileChannel.open(volume.datPath(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{9}), 0);
        }
        HayloftException e = catchHayloft(() -> Volume.open(dir, "pics", VID, options()));
        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
        assertThat(e.getMessage()).contains("unsupported volume format version 9");
    }

    @Test
    void closeIsIdempotentAndAClosedVolumeRefusesWork() {
        volume.write(needle(1, 7, "a"));
        volume.close();
        volume.close();
        assertThatThrownBy(() -> volume.read(1, 7)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> volume.write(needle(2, 7, "b"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroyDeletesBothFiles() {
        volume.write(needle(1, 7, "a"));
        volume.destroy();
        assertThat(volume.datPath()).doesNotExist();
        assertThat(volume.idxPath()).doesNotExist();
    }

    @Test
    void rejectsSizeLimitsOutsideTheFormat() {
        assertThatThrownBy(() -> volume.setSizeLimit(Volume.MAX_SIZE + 1)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> VolumeOptions.defaults().withSizeLimit(10)).isInstanceOf(HayloftException.class);
        volume.setSizeLimit(Volume.MAX_SIZE);
        assertThat(volume.sizeLimit()).isEqualTo(Volume.MAX_SIZE);
    }

    @Test
    void writesWithFsyncAreForced() {
        try (Volume v = Volume.create(dir, "", VolumeId.of(5), ReplicaPlacement.NONE, Ttl.NONE,
                options().withFsync(true))) {
            v.write(needle(1, 7, "durable"));
            v.delete(1, 7);
            assertThat(v.syncCount()).isEqualTo(2);
        }
        assertThat(volume.syncCount()).isZero();
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            ch.write(b.rewind(), position);
        }
    }

    static HayloftException catchHayloft(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(HayloftException.class);
        return (HayloftException) t;
    }

    static void assertNotFound(ThrowingCallable call) {
        assertThat(catchHayloft(call).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
