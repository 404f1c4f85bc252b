package io.hayloft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NeedleRecord} and {@link Volume#appendRecord}/{@link Volume#appendTombstone}: a replica appends
 * the primary's record byte for byte, after checking it, with the checks of {@link Volume#write}.
 */
class VolumeAppendRecordTest {
    private static final VolumeId VID = VolumeId.of(6);
    private static final long KEY = 0x1234;
    private static final int COOKIE = 0x5eed;

    @TempDir
    Path dir;
    private final MutableClock primaryClock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final MutableClock replicaClock = new MutableClock(Instant.parse("2031-06-01T00:00:00Z"));

    @Test
    void aReplicaAppendingThePrimarysRecordsHoldsTheSameBytes() throws IOException {
        Path p = Files.createDirectory(dir.resolve("primary"));
        Path r = Files.createDirectory(dir.resolve("replica"));
        try (Volume primary = create(p, primaryClock, Volume.MAX_SIZE);
             Volume replica = create(r, replicaClock, Volume.MAX_SIZE)) {
            for (int i = 0; i < 20; i++) {
                Needle needle = needle(KEY + i, COOKIE, ("data " + i).repeat(i + 1).getBytes())
                        .withName("f" + i + ".txt").withMime("text/plain").withLastModified(1_700_000_000L + i)
                        .withTtl(i % 2 == 0 ? Ttl.NONE : Ttl.parse("3d")).withPairs(Map.of("k", "v" + i));
                NeedleRecord stamped = primary.recordOf(needle);
                WriteResult local = primary.appendRecord(stamped);

                NeedleRecord received = NeedleRecord.parse(copyOf(stamped.bytes()), needle.key(), needle.cookie());
                WriteResult copy = replica.appendRecord(received);

                assertThat(copy).isEqualTo(local);
                primaryClock.advance(Duration.ofMillis(3));
            }
            NeedleRecord delete = primary.tombstoneOf(KEY + 4, COOKIE);
            assertThat(primary.appendTombstone(delete)).isEqualTo(replica.appendTombstone(
                    NeedleRecord.parse(copyOf(delete.bytes()), KEY + 4, COOKIE)));

            Needle stored = replica.read(KEY + 2, COOKIE);
            assertThat(stored.appendAtNs()).isEqualTo(primary.read(KEY + 2, COOKIE).appendAtNs());
            assertThat(stored.name()).isEqualTo("f2.txt");
            // the primary's append time travels with the record: a TTL needle expires when the original does
            assertThatThrownBy(() -> replica.read(KEY + 3, COOKIE)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
        assertThat(Files.readAllBytes(r.resolve("6.dat"))).isEqualTo(Files.readAllBytes(p.resolve("6.dat")));
        assertThat(Files.readAllBytes(r.resolve("6.idx"))).isEqualTo(Files.readAllBytes(p.resolve("6.idx")));
        try (Volume reopened = Volume.open(r, "", VID, VolumeOptions.defaults().withClock(replicaClock))) {
            assertThat(reopened.recoveryReport().repaired()).isFalse();
            assertThat(reopened.read(KEY + 18, COOKIE).name()).isEqualTo("f18.txt");
            assertThat(reopened.recordLength(KEY + 4)).isEqualTo(-1);
        }
    }

    @Test
    void aWriteOfANeedleAlreadyStoredIdenticallySendsTheStoredRecordSoAReplicaLackingItGetsTheSameBytes()
            throws IOException {
        Path p = Files.createDirectory(dir.resolve("primary"));
        Path r = Files.createDirectory(dir.resolve("replica"));
        Needle needle = needle(KEY, COOKIE, "same bytes".getBytes()).withName("a.txt").withMime("text/plain");
        try (Volume primary = create(p, primaryClock, Volume.MAX_SIZE);
             Volume replica = create(r, replicaClock, Volume.MAX_SIZE)) {
            primary.write(needle);
            long storedAt = primary.read(KEY, COOKIE).appendAtNs();
            primaryClock.advance(Duration.ofSeconds(5));

            NeedleRecord again = primary.recordOf(needle); // the same upload once more: the primary skips it
            assertThat(primary.appendRecord(again).unchanged()).isTrue();
            assertThat(again.appendAtNs()).isEqualTo(storedAt);
            replica.appendRecord(NeedleRecord.parse(copyOf(again.bytes()), KEY, COOKIE));
        }
        assertThat(Files.readAllBytes(r.resolve("6.dat"))).isEqualTo(Files.readAllBytes(p.resolve("6.dat")));
    }

    @Test
    void aNeedleThatDiffersFromTheStoredOneIsStampedNow() throws IOException {
        try (Volume primary = create(dir, primaryClock, Volume.MAX_SIZE)) {
            primary.write(needle(KEY, COOKIE, "old".getBytes()));
            primaryClock.advance(Duration.ofSeconds(5));
            long now = primaryClock.instant().getEpochSecond() * 1_000_000_000L;
            assertThat(primary.recordOf(needle(KEY, COOKIE, "new".getBytes())).appendAtNs()).isEqualTo(now);
            assertThat(primary.recordOf(needle(KEY + 1, COOKIE, "old".getBytes())).appendAtNs()).isEqualTo(now);
        }
    }

    @Test
    void theTombstoneOfAKeysLastDeleteReadsBackAsAppendedSoARepairSendsTheSameBytes() throws IOException {
        Path p = Files.createDirectory(dir.resolve("primary"));
        Path r = Files.createDirectory(dir.resolve("replica"));
        try (Volume primary = create(p, primaryClock, Volume.MAX_SIZE);
             Volume replica = create(r, replicaClock, Volume.MAX_SIZE)) {
            for (long k = KEY; k < KEY + 3; k++) {
                NeedleRecord live = primary.recordOf(needle(k, COOKIE, ("n" + k).getBytes()));
                primary.appendRecord(live);
                replica.appendRecord(NeedleRecord.parse(copyOf(live.bytes()), k, COOKIE));
                primaryClock.advance(Duration.ofMillis(7));
            }
            assertThat(primary.tombstoneRecord(KEY + 1)).isEmpty();          // live
            assertThat(primary.tombstoneRecord(KEY + 99)).isEmpty();         // never stored
            primary.delete(KEY + 1, COOKIE);                                 // the replica missed this delete
            primaryClock.advance(Duration.ofSeconds(30));                    // the repair runs later

            NeedleRecord tombstone = primary.tombstoneRecord(KEY + 1).orElseThrow();
            assertThat(tombstone.tombstone()).isTrue();
            assertThat(tombstone.cookie()).isEqualTo(COOKIE);
            replica.appendTombstone(NeedleRecord.parse(copyOf(tombstone.bytes()), KEY + 1, COOKIE));
        }
        assertThat(Files.readAllBytes(r.resolve("6.dat"))).isEqualTo(Files.readAllBytes(p.resolve("6.dat")));
        try (Volume reopened = Volume.open(p, "", VID, VolumeOptions.defaults().withClock(primaryClock))) {
            assertThat(reopened.tombstoneRecord(KEY + 1)).isPresent();       // read from the files after a restart
            reopened.write(needle(KEY + 1, COOKIE, "back".getBytes()));
            assertThat(reopened.tombstoneRecord(KEY + 1)).isEmpty();          // written again: live
        }
    }

    @Test
    void aTruncatedRecordIsRefused() {
        ByteBuffer whole = record(needle(KEY, COOKIE, new byte[100]));
        for (int cut : new int[] {0, 8, 16, 24, whole.remaining() - 8, whole.remaining() - 1}) {
            ByteBuffer truncated = whole.duplicate().limit(cut);
            assertBadRequest(() -> NeedleRecord.parse(truncated, KEY, COOKIE), "");
        }
    }

    @Test
    void aRecordWithTrailingBytesIsRefused() {
        ByteBuffer whole = record(needle(KEY, COOKIE, new byte[10]));
        ByteBuffer longer = ByteBuffer.allocate(whole.remaining() + 8).put(whole.duplicate()).clear();
        assertBadRequest(() -> NeedleRecord.parse(longer, KEY, COOKIE), "followed by 8 more bytes");
    }

    @Test
    void aRecordWhoseDataDoesNotMatchItsChecksumIsRefused() {
        ByteBuffer bad = record(needle(KEY, COOKIE, "hello, replica".getBytes()));
        bad.put(NeedleCodec.DATA_START + 3, (byte) 'X');
        assertBadRequest(() -> NeedleRecord.parse(bad, KEY, COOKIE), "checksum");
    }

    @Test
    void aRecordOfAnotherNeedleThanTheOneNamedIsRefused() {
        ByteBuffer bytes = record(needle(KEY, COOKIE, new byte[3]));
        assertBadRequest(() -> NeedleRecord.parse(bytes, KEY + 1, COOKIE), "not of the one named");
        assertBadRequest(() -> NeedleRecord.parse(bytes, KEY, COOKIE + 1), "not of the one named");
    }

    @Test
    void aRecordWithAnUnsetAppendTimeOrUnknownFlagsIsRefused() {
        ByteBuffer unset = record(needle(KEY, COOKIE, new byte[3]));
        unset.putLong(NeedleCodec.HEADER_SIZE + unset.getInt(12) + 4, 0);
        assertBadRequest(() -> NeedleRecord.parse(unset, KEY, COOKIE), "append time");
        ByteBuffer flags = record(needle(KEY, COOKIE, new byte[3]));
        flags.put(NeedleCodec.DATA_START + 3, (byte) 0x80);
        assertBadRequest(() -> NeedleRecord.parse(flags, KEY, COOKIE), "flags");
    }

    @Test
    void recordsBackToBackAreSplitAndEachIsChecked() {
        ByteBuffer a = record(needle(KEY, COOKIE, new byte[5]));
        ByteBuffer b = copyOf(NeedleRecord.tombstone(KEY + 1, COOKIE, 7).bytes());
        ByteBuffer c = record(needle(KEY + 2, COOKIE, new byte[300]));
        ByteBuffer all = ByteBuffer.allocate(a.remaining() + b.remaining() + c.remaining())
                .put(a.duplicate()).put(b.duplicate()).put(c.duplicate()).flip();

        assertThat(NeedleRecord.parseAll(all)).extracting(NeedleRecord::key).containsExactly(KEY, KEY + 1, KEY + 2);
        assertThat(NeedleRecord.parseAll(all).get(1).tombstone()).isTrue();

        ByteBuffer cut = all.duplicate().limit(all.limit() - 8);
        assertBadRequest(() -> NeedleRecord.parseAll(cut), "record 2 at byte " + (a.remaining() + b.remaining()));
        ByteBuffer corrupt = copyOf(all);
        corrupt.put(a.remaining() + b.remaining() + NeedleCodec.DATA_START, (byte) 1);
        assertBadRequest(() -> NeedleRecord.parseAll(corrupt), "checksum");
        assertBadRequest(() -> NeedleRecord.parseAll(ByteBuffer.allocate(0)), "at least one");
    }

    @Test
    void anOversizeRecordIsRefusedAndChangesNothing() {
        try (Volume replica = create(dir, replicaClock, 4096)) {
            NeedleRecord small = NeedleRecord.parse(record(needle(KEY, COOKIE, new byte[10])), KEY, COOKIE);
            replica.appendRecord(small);
            VolumeStats before = replica.stats();
            NeedleRecord big = NeedleRecord.parse(record(needle(KEY + 1, COOKIE, new byte[8192])), KEY + 1, COOKIE);

            assertThatThrownBy(() -> replica.appendRecord(big)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE));
            assertThat(replica.stats()).isEqualTo(before);
            assertThat(replica.recordLength(KEY + 1)).isEqualTo(-1);
        }
    }

    @Test
    void refusesWhatWriteRefuses() {
        try (Volume replica = create(dir, replicaClock, Volume.MAX_SIZE)) {
            NeedleRecord first = NeedleRecord.parse(record(needle(KEY, COOKIE, new byte[] {1, 2})), KEY, COOKIE);
            WriteResult stored = replica.appendRecord(first);
            VolumeStats afterFirst = replica.stats();

            // identical content under a later stamp: nothing appended
            NeedleRecord again = NeedleRecord.parse(record(needle(KEY, COOKIE, new byte[] {1, 2}), 99), KEY, COOKIE);
            assertThat(replica.appendRecord(again)).isEqualTo(new WriteResult(stored.offset(), 2, stored.checksum(), true));
            NeedleRecord otherCookie = NeedleRecord.parse(record(needle(KEY, COOKIE + 1, new byte[1])), KEY, COOKIE + 1);
            assertThatThrownBy(() -> replica.appendRecord(otherCookie)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            NeedleRecord tombstone = NeedleRecord.tombstone(KEY, COOKIE, 5);
            assertThatThrownBy(() -> replica.appendRecord(tombstone)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            assertThatThrownBy(() -> replica.appendTombstone(first)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            assertThatThrownBy(() -> replica.appendTombstone(NeedleRecord.tombstone(KEY + 7, COOKIE, 5)))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            replica.setReadOnly(true);
            NeedleRecord next = NeedleRecord.parse(record(needle(KEY + 2, COOKIE, new byte[1])), KEY + 2, COOKIE);
            assertThatThrownBy(() -> replica.appendRecord(next)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE));
            assertThatThrownBy(() -> replica.appendTombstone(tombstone)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE));
            assertThat(replica.stats()).isEqualTo(afterFirst);
        }
    }

    @Test
    void aNeedleWhoseChecksumDoesNotMatchItsDataCannotBeStamped() {
        try (Volume primary = create(dir, primaryClock, Volume.MAX_SIZE)) {
            Needle lying = new Needle(KEY, COOKIE, new byte[] {1}, "", "", 0, Ttl.NONE, Map.of(), 42, 0);
            assertBadRequest(() -> primary.recordOf(lying), "checksum");
        }
    }

    private Volume create(Path at, MutableClock clock, long sizeLimit) {
        return Volume.create(at, "", VID, ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults().withClock(clock).withSizeLimit(sizeLimit));
    }

    private static Needle needle(long key, int cookie, byte[] data) {
        return Needle.of(key, cookie, data);
    }

    /** The record bytes as a replica receives them: a heap buffer of its own. */
    private static ByteBuffer record(Needle needle) {
        return record(needle, 1_735_689_600_000_000_000L);
    }

    private static ByteBuffer record(Needle needle, long appendAtNs) {
        return copyOf(NeedleRecord.of(needle, appendAtNs).bytes());
    }

    private static ByteBuffer copyOf(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return ByteBuffer.wrap(Arrays.copyOf(copy, copy.length));
    }

    private static void assertBadRequest(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).isInstanceOfSatisfying(HayloftException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).contains(why);
        });
    }
}
