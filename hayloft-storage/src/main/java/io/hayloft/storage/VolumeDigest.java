package io.hayloft.storage;

import io.hayloft.api.HayloftException;
import io.hayloft.storage.needlemap.NeedleMap;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * The replica digest of a volume: what it holds live, summarised so that two replicas can tell
 * cheaply whether they hold the same needles and, if not, in which of {@value #BUCKETS} buckets
 * they differ. Each live needle (key {@code K}, body size {@code s}, expired ones included) adds
 * {@code h(K, s)} to bucket {@code b(K)}:
 *
 * <pre>
 * mix(x)   = SplitMix64's finaliser: x ^= x &gt;&gt;&gt; 30; x *= 0xbf58476d1ce4e5b9L; x ^= x &gt;&gt;&gt; 27;
 *            x *= 0x94d049bb133111ebL; x ^= x &gt;&gt;&gt; 31
 * h(K, s)  = mix(K ^ mix(s + 0x9e3779b97f4a7c15L))
 * b(K)     = (int) (mix(K) &gt;&gt;&gt; 54)            // 1024 buckets, 0..1023
 * bucket digest = sum of h over the bucket's needles, modulo 2^64
 * volume digest = sum of the 1024 bucket digests, modulo 2^64
 * </pre>
 *
 * Sums make the digest independent of needle order and of record offsets, so replicas with
 * different histories agree exactly when they hold the same live keys with the same sizes (up to
 * hash collisions). Wire form: each sum as 16 lower-case hex digits ({@link #hex(long)}).
 *
 * <p>Immutable once built; {@link Builder} is not thread-safe.
 */
public final class VolumeDigest {
    /** Number of buckets. */
    public static final int BUCKETS = 1024;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    private static final HexFormat HEX = HexFormat.of();

    private final long liveCount;
    private final long[] buckets;
    private final long digest;

    private VolumeDigest(long liveCount, long[] buckets) {
        this.liveCount = liveCount;
        this.buckets = buckets;
        long sum = 0;
        for (long b : buckets) {
            sum += b;
        }
        this.digest = sum;
    }

    /**
     * Computes the digest of {@code volume}'s live needles ({@link Volume#forEachLive}: holds its
     * needle map's read lock for one pass over the map; no I/O).
     *
     * @throws IllegalStateException if the volume is closed
     */
    public static VolumeDigest of(Volume volume) {
        Builder builder = new Builder();
        volume.forEachLive(builder);
        return builder.build();
    }

    /**
     * A digest as another replica reported it.
     *
     * @param liveCount its live needle count
     * @param buckets   its {@value #BUCKETS} bucket sums (copied)
     * @throws HayloftException {@code BAD_REQUEST} if the count is negative or there are not
     *                          exactly {@value #BUCKETS} buckets
     */
    public static VolumeDigest of(long liveCount, long[] buckets) {
        HayloftException.checkArgument(liveCount >= 0, "live count must not be negative, got " + liveCount);
        HayloftException.checkArgument(buckets != null && buckets.length == BUCKETS,
                "a digest has exactly " + BUCKETS + " buckets");
        return new VolumeDigest(liveCount, buckets.clone());
    }

    /** SplitMix64's finaliser. */
    public static long mix(long x) {
        x ^= x >>> 30;
        x *= 0xbf58476d1ce4e5b9L;
        x ^= x >>> 27;
        x *= 0x94d049bb133111ebL;
        x ^= x >>> 31;
        return x;
    }

    /** {@code h(K, s)}: what the live needle {@code key} of body size {@code size} adds to its bucket. */
    public static long hash(long key, int size) {
        return mix(key ^ mix(size + GOLDEN));
    }

    /** {@code b(K)}: the bucket of {@code key}, 0..{@value #BUCKETS}-1. */
    public static int bucket(long key) {
        return (int) (mix(key) >>> 54);
    }

    /** Formats a sum as 16 lower-case hex digits. */
    public static String hex(long value) {
        return HEX.toHexDigits(value);
    }

    /**
     * Parses 16 hex digits (either case).
     *
     * @throws HayloftException {@code BAD_REQUEST} for anything else
     */
    public static long parseHex(String text) {
        HayloftException.checkArgument(text != null && text.length() == 16 && text.chars().allMatch(HexFormat::isHexDigit),
                "a digest is 16 hex digits, got '" + text + "'");
        return HexFormat.fromHexDigitsToLong(text);
    }

    /** Returns the number of live needles summed. */
    public long liveCount() {
        return liveCount;
    }

    /** Returns the volume digest: the sum of the bucket digests. */
    public long digest() {
        return digest;
    }

    /** Returns bucket {@code i}'s digest. */
    public long bucketDigest(int i) {
        return buckets[i];
    }

    /** Returns a copy of the {@value #BUCKETS} bucket digests. */
    public long[] bucketDigests() {
        return buckets.clone();
    }

    /** True if both have the same live count and volume digest. */
    public boolean matches(VolumeDigest other) {
        return liveCount == other.liveCount && digest == other.digest;
    }

    /** Returns the buckets whose digests differ from {@code other}'s. */
    public BitSet differingBuckets(VolumeDigest other) {
        BitSet differ = new BitSet(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            if (buckets[i] != other.buckets[i]) {
                differ.set(i);
            }
        }
        return differ;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeDigest d && liveCount == d.liveCount && Arrays.equals(buckets, d.buckets);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(digest) * 31 + Long.hashCode(liveCount);
    }

    @Override
    public String toString() {
        return "VolumeDigest[liveCount=" + liveCount + ", digest=" + hex(digest) + "]";
    }

    /**
     * Sums live needles one by one (the order does not matter). Usable directly as the visitor of
     * {@link Volume#forEachLive}: it only adds numbers. Not thread-safe.
     */
    public static final class Builder implements NeedleMap.Visitor {
        private final long[] buckets = new long[BUCKETS];
        private long liveCount;

        /** Adds one live needle; its offset does not enter the digest. */
        @Override
        public void visit(long key, long offsetUnits, int size) {
            add(key, size);
        }

        /** Adds the live needle {@code key} of body size {@code size}. */
        public Builder add(long key, int size) {
            buckets[bucket(key)] += hash(key, size);
            liveCount++;
            return this;
        }

        /** Returns the digest of the needles added so far. */
        public VolumeDigest build() {
            return new VolumeDigest(liveCount, buckets.clone());
        }
    }
}
