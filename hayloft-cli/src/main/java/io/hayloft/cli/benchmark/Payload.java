package io.hayloft.cli.benchmark;

import io.hayloft.api.FileId;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Benchmark blob content: pseudo-random bytes seeded by the fid, so any reader can check them. */
final class Payload {
    private Payload() {
    }

    /** The {@code size} bytes blob {@code fid} holds. */
    static byte[] of(FileId fid, int size) {
        byte[] data = new byte[size];
        new SplittableRandom(seed(fid)).nextBytes(data);
        return data;
    }

    /** Whether {@code data[0, length)} is exactly what {@link #of} wrote for {@code blob}. */
    static boolean matches(StoredBlob blob, byte[] data, int length) {
        return length == blob.size() && Arrays.equals(data, 0, length, of(blob.fid(), blob.size()), 0, length);
    }

    private static long seed(FileId fid) {
        return fid.key() * 0x9E3779B97F4A7C15L ^ ((long) fid.cookie() << 32 | fid.volumeId().value());
    }
}
