package io.hayloft.it;

import java.io.InputStream;

/**
 * A long, incompressible, reproducible byte stream that is never held in memory: byte {@code i} is
 * byte {@code i % 8} (little-endian) of {@code splitmix64(seed + i / 8)}, so any range can be
 * recomputed from its offset ({@link #at}).
 */
final class PatternStream extends InputStream {
    private final long seed;
    private final long length;
    private long position;

    PatternStream(long seed, long length) {
        this.seed = seed;
        this.length = length;
    }

    /** Bytes {@code [offset, offset + n)} of the pattern with {@code seed}. */
    static byte[] at(long seed, long offset, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = byteAt(seed, offset + i);
        }
        return out;
    }

    private static byte byteAt(long seed, long i) {
        return (byte) (mix(seed + (i >>> 3)) >>> ((i & 7) * 8));
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        return byteAt(seed, position++) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        int i = 0;
        while (i < n && (position & 7) != 0) {
            b[off + i++] = byteAt(seed, position++);
        }
        while (n - i >= 8) {
            long v = mix(seed + (position >>> 3));
            for (int k = 0; k < 8; k++) {
                b[off + i + k] = (byte) (v >>> (k * 8));
            }
            i += 8;
            position += 8;
        }
        while (i < n) {
            b[off + i++] = byteAt(seed, position++);
        }
        return n;
    }
}
