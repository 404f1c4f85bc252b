package io.hayloft.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static io.hayloft.storage.VolumeTest.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a volume must hold: for each key ever written, its live version or "deleted". Content is
 * derived from key and version, so any needle can be checked byte for byte. Thread-safe as long
 * as each key is written by one thread at a time.
 */
final class NeedleModel {
    static final int COOKIE = 0x5EED_0001;
    private static final int DELETED = -1;

    private final Map<Long, Integer> versions = new ConcurrentHashMap<>();

    /** Content of version {@code version} of {@code key}: 16..4111 bytes. */
    static byte[] contentOf(long key, int version) {
        Random r = new Random(key * 1_000_003L + version);
        byte[] data = new byte[16 + r.nextInt(4096)];
        r.nextBytes(data);
        return data;
    }

    static Needle needle(long key, int version) {
        return Needle.of(key, COOKIE, contentOf(key, version)).withName("n" + key + "v" + version);
    }

    /** Writes version {@code version} of {@code key} and records it once acknowledged. */
    void write(Volume v, long key, int version) {
        v.write(needle(key, version));
        versions.put(key, version);
    }

    /** Writes the next version of {@code key} (0 if new). */
    void overwrite(Volume v, long key) {
        write(v, key, versions.getOrDefault(key, DELETED) + 1);
    }

    /** Deletes a live key and records it once acknowledged. */
    void delete(Volume v, long key) {
        v.delete(key, COOKIE);
        versions.put(key, DELETED);
    }

    /** Writes keys {@code from..from+count-1}, then deletes a seeded random {@code deleteShare} of them. */
    void fillAndDelete(Volume v, Random random, long from, int count, double deleteShare) {
        for (long key = from; key < from + count; key++) {
            write(v, key, 0);
        }
        for (long key = from; key < from + count; key++) {
            if (random.nextDouble() < deleteShare) {
                delete(v, key);
            }
        }
    }

    List<Long> liveKeys() {
        List<Long> live = new ArrayList<>();
        versions.forEach((k, version) -> {
            if (version != DELETED) {
                live.add(k);
            }
        });
        return live;
    }

    long liveBytes() {
        long bytes = 0;
        for (Map.Entry<Long, Integer> e : versions.entrySet()) {
            if (e.getValue() != DELETED) {
                bytes += NeedleCodec.recordLength(NeedleCodec.bodySize(needle(e.getKey(), e.getValue())));
            }
        }
        return bytes;
    }

    /** Asserts every live needle reads back byte-identical and every deleted one is not found. */
    void verify(Volume v) {
        versions.forEach((key, version) -> {
            if (version == DELETED) {
                assertNotFound(() -> v.read(key, COOKIE));
            } else {
                assertThat(v.read(key, COOKIE).data()).as("needle %d version %d", key, version)
                        .isEqualTo(contentOf(key, version));
            }
        });
        assertThat(v.stats().fileCount()).as("live needles").isEqualTo(liveKeys().size());
    }
}
