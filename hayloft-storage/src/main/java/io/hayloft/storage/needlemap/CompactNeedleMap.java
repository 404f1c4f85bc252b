package io.hayloft.storage.needlemap;

import java.util.Arrays;

/**
 * A {@link NeedleMap} of sorted segments of primitive arrays: about 12 bytes per needle, no object
 * per entry.
 *
 * <p>Layout: a directory (sorted by each segment's lowest key) of segments holding at most
 * {@code segmentCapacity} entries each. A segment stores its entries sorted by key in three
 * parallel arrays:
 *
 * <pre>
 *   directory: firstKey[0] firstKey[1] ...      (long each, sign-flipped for unsigned order)
 *                 |           |
 *   segment:   base (long) + deltas int[]   key = base + unsigned delta   (4 B per entry)
 *                            offsets int[]  offset in 8-byte units        (4 B per entry)
 *                            sizes   int[]  needle body size              (4 B per entry)
 * </pre>
 *
 * A segment whose keys span 2^32 or more (rare: keys are handed out in sequence) switches to a
 * {@code long[]} of full keys, 16 bytes per entry. Keys appended above the current maximum fill the
 * last segment completely and then start a new one, so in-order loads (the common case: the
 * master assigns keys in sequence and recovery replays the index in write order) leave no slack.
 * Out-of-order inserts split a full segment in halves; arrays grow by an eighth at a time, so
 * random loads cost a little more (about 13-14 bytes per needle).
 *
 * <p>Cost: lookups are two binary searches; an insert into the middle of a segment moves at most
 * {@code segmentCapacity} entries. Deleting removes the entry (memory is reclaimed, empty segments
 * are dropped).
 *
 * <p>Threading: not thread-safe; see {@link NeedleMap}.
 */
public final class CompactNeedleMap implements NeedleMap {
    /** Entries per segment when not told otherwise. */
    public static final int DEFAULT_SEGMENT_CAPACITY = 1024;

    private static final int MIN_ARRAY_CAPACITY = 8;
    private static final long MAX_DELTA = 0xFFFF_FFFFL;
    private static final long OBJECT_HEADER = 16;
    private static final long ARRAY_HEADER = 16;
    private static final long REFERENCE = 4;

    private final int segmentCapacity;
    /** Each segment's lowest key XOR {@link Long#MIN_VALUE}, so that signed order is unsigned key order. */
    private long[] firstKeys = new long[4];
    private Segment[] segments = new Segment[4];
    private int segmentCount;

    private long liveCount;
    private long deletedCount;
    private long deletedBytes;
    private long maxKey;

    /** Creates an empty map with {@link #DEFAULT_SEGMENT_CAPACITY}. */
    public CompactNeedleMap() {
        this(DEFAULT_SEGMENT_CAPACITY);
    }

    /**
     * Creates an empty map whose segments hold at most {@code segmentCapacity} entries (small values
     * exercise splitting in tests; large ones make middle inserts slower).
     *
     * @throws IllegalArgumentException if segmentCapacity is below 2
     */
    public CompactNeedleMap(int segmentCapacity) {
        if (segmentCapacity < 2) {
            throw new IllegalArgumentException("segment capacity must be at least 2, got " + segmentCapacity);
        }
        this.segmentCapacity = segmentCapacity;
    }

    @Override
    public long get(long key) {
        if (segmentCount == 0) {
            return NeedleLocation.ABSENT;
        }
        Segment seg = segments[segmentFor(key)];
        int i = seg.find(key);
        return i >= 0 ? NeedleLocation.pack(seg.offsets[i], seg.sizes[i]) : NeedleLocation.ABSENT;
    }

    @Override
    public long put(long key, int offsetUnits, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("needle size must not be negative, got " + size);
        }
        if (Long.compareUnsigned(key, maxKey) > 0) {
            maxKey = key;
        }
        if (segmentCount == 0) {
            insertSegment(0, new Segment(key, Math.min(MIN_ARRAY_CAPACITY, segmentCapacity)), key);
        }
        int s = segmentFor(key);
        Segment seg = segments[s];
        int i = seg.find(key);
        if (i >= 0) {
            long previous = NeedleLocation.pack(seg.offsets[i], seg.sizes[i]);
            seg.offsets[i] = offsetUnits;
            seg.sizes[i] = size;
            deletedCount++;
            deletedBytes += NeedleLocation.size(previous);
            return previous;
        }
        int at = -i - 1;
        if (seg.count == segmentCapacity) {
            if (s == segmentCount - 1 && at == seg.count) {
                seg = new Segment(key, Math.min(MIN_ARRAY_CAPACITY, segmentCapacity));
                s++;
                insertSegment(s, seg, key);
                at = 0;
            } else {
                Segment upper = seg.splitUpper();
                insertSegment(s + 1, upper, upper.keyAt(0));
                if (at > seg.count) {
                    at -= seg.count;
                    seg = upper;
                    s++;
                }
            }
        }
        seg.insertAt(at, key, offsetUnits, size, segmentCapacity);
        long flipped = key ^ Long.MIN_VALUE;
        if (flipped < firstKeys[s]) {
            firstKeys[s] = flipped;
        }
        liveCount++;
        return NeedleLocation.ABSENT;
    }

    @Override
    public long delete(long key) {
        if (segmentCount == 0) {
            return NeedleLocation.ABSENT;
        }
        int s = segmentFor(key);
        Segment seg = segments[s];
        int i = seg.find(key);
        if (i < 0) {
            return NeedleLocation.ABSENT;
        }
        long previous = NeedleLocation.pack(seg.offsets[i], seg.sizes[i]);
        seg.removeAt(i);
        if (seg.count == 0) {
            removeSegment(s);
        }
        liveCount--;
        deletedCount++;
        deletedBytes += NeedleLocation.size(previous);
        return previous;
    }

    @Override
    public long liveCount() {
        return liveCount;
    }

    @Override
    public long deletedCount() {
        return deletedCount;
    }

    @Override
    public long deletedBytes() {
        return deletedBytes;
    }

    @Override
    public long maxKey() {
        return maxKey;
    }

    @Override
    public void forEach(Visitor visitor) {
        for (int s = 0; s < segmentCount; s++) {
            Segment seg = segments[s];
            for (int i = 0; i < seg.count; i++) {
                visitor.visit(seg.keyAt(i), seg.offsets[i] & 0xFFFF_FFFFL, seg.sizes[i]);
            }
        }
    }

    @Override
    public long memoryBytes() {
        long bytes = OBJECT_HEADER + 48
                + ARRAY_HEADER + 8L * firstKeys.length
                + ARRAY_HEADER + REFERENCE * segments.length;
        for (int s = 0; s < segmentCount; s++) {
            bytes += segments[s].memoryBytes();
        }
        return bytes;
    }

    /** Returns the number of segments (for tests and diagnostics). */
    int segmentCount() {
        return segmentCount;
    }

    /** Index of the last segment whose first key is at most {@code key}; 0 if the key is below all. */
    private int segmentFor(long key) {
        long flipped = key ^ Long.MIN_VALUE;
        int lo = 0;
        int hi = segmentCount - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firstKeys[mid] <= flipped) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void insertSegment(int at, Segment seg, long firstKey) {
        if (segmentCount == segments.length) {
            int grown = segments.length + Math.max(4, segments.length >>> 1);
            segments = Arrays.copyOf(segments, grown);
            firstKeys = Arrays.copyOf(firstKeys, grown);
        }
        System.arraycopy(segments, at, segments, at + 1, segmentCount - at);
        System.arraycopy(firstKeys, at, firstKeys, at + 1, segmentCount - at);
        segments[at] = seg;
        firstKeys[at] = firstKey ^ Long.MIN_VALUE;
        segmentCount++;
    }

    private void removeSegment(int at) {
        System.arraycopy(segments, at + 1, segments, at, segmentCount - at - 1);
        System.arraycopy(firstKeys, at + 1, firstKeys, at, segmentCount - at - 1);
        segmentCount--;
        segments[segmentCount] = null;
    }

    /** Up to {@code segmentCapacity} entries sorted by unsigned key, in parallel primitive arrays. */
    private static final class Segment {
        /** Narrow form: keys are {@code base + (deltas[i] & 0xFFFFFFFF)}. */
        private long base;
        private int[] deltas;
        /** Wide form (deltas == null): full keys. */
        private long[] keys;
        private int[] offsets;
        private int[] sizes;
        private int count;

        Segment(long base, int capacity) {
            this.base = base;
            this.deltas = new int[capacity];
            this.offsets = new int[capacity];
            this.sizes = new int[capacity];
        }

        long keyAt(int i) {
            return deltas != null ? base + (deltas[i] & MAX_DELTA) : keys[i];
        }

        /** Binary search: the index of key, or {@code -(insertion point) - 1}. */
        int find(long key) {
            int lo = 0;
            int hi = count - 1;
            if (deltas != null) {
                if (Long.compareUnsigned(key, base) < 0) {
                    return -1;
                }
                long d = key - base;
                if (d > MAX_DELTA || d < 0) {
                    return -count - 1;
                }
                int target = (int) d;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    int c = Integer.compareUnsigned(deltas[mid], target);
                    if (c < 0) {
                        lo = mid + 1;
                    } else if (c > 0) {
                        hi = mid - 1;
                    } else {
                        return mid;
                    }
                }
            } else {
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    int c = Long.compareUnsigned(keys[mid], key);
                    if (c < 0) {
                        lo = mid + 1;
                    } else if (c > 0) {
                        hi = mid - 1;
                    } else {
                        return mid;
                    }
                }
            }
            return -lo - 1;
        }

        void insertAt(int at, long key, int offsetUnits, int size, int maxCapacity) {
            if (count == offsets.length) {
                resize(Math.min(maxCapacity, count + Math.max(MIN_ARRAY_CAPACITY, count >>> 3)));
            }
            if (deltas != null) {
                fitNarrow(key);
            }
            int tail = count - at;
            if (deltas != null) {
                System.arraycopy(deltas, at, deltas, at + 1, tail);
                deltas[at] = (int) (key - base);
            } else {
                System.arraycopy(keys, at, keys, at + 1, tail);
                keys[at] = key;
            }
            System.arraycopy(offsets, at, offsets, at + 1, tail);
            System.arraycopy(sizes, at, sizes, at + 1, tail);
            offsets[at] = offsetUnits;
            sizes[at] = size;
            count++;
        }

        /** Rebases or widens so that {@code key} can be stored; called only in narrow form. */
        private void fitNarrow(long key) {
            if (count == 0) {
                base = key;
                return;
            }
            if (Long.compareUnsigned(key, base) < 0) {
                long span = keyAt(count - 1) - key;
                if (Long.compareUnsigned(span, MAX_DELTA) <= 0) {
                    int shift = (int) (base - key);
                    for (int j = 0; j < count; j++) {
                        deltas[j] += shift;
                    }
                    base = key;
                } else {
                    widen();
                }
            } else if (Long.compareUnsigned(key - base, MAX_DELTA) > 0) {
                widen();
            }
        }

        private void widen() {
            long[] wide = new long[deltas.length];
            for (int j = 0; j < count; j++) {
                wide[j] = keyAt(j);
            }
            keys = wide;
            deltas = null;
        }

        /** Narrows a wide segment whose keys again fit 32-bit deltas. */
        private void narrowIfPossible() {
            if (deltas != null || count == 0
                    || Long.compareUnsigned(keys[count - 1] - keys[0], MAX_DELTA) > 0) {
                return;
            }
            base = keys[0];
            int[] narrow = new int[keys.length];
            for (int j = 0; j < count; j++) {
                narrow[j] = (int) (keys[j] - base);
            }
            deltas = narrow;
            keys = null;
        }

        void removeAt(int i) {
            int tail = count - i - 1;
            if (deltas != null) {
                System.arraycopy(deltas, i + 1, deltas, i, tail);
            } else {
                System.arraycopy(keys, i + 1, keys, i, tail);
            }
            System.arraycopy(offsets, i + 1, offsets, i, tail);
            System.arraycopy(sizes, i + 1, sizes, i, tail);
            count--;
            if (offsets.length > 2 * MIN_ARRAY_CAPACITY && count < offsets.length / 2) {
                resize(count + Math.max(MIN_ARRAY_CAPACITY, count >>> 3));
            }
        }

        /** Moves the upper half of the entries into a new segment and returns it. */
        Segment splitUpper() {
            int half = count / 2;
            int moved = count - half;
            Segment upper = new Segment(0, moved + Math.max(1, moved >>> 3));
            if (deltas != null) {
                upper.base = base;
                System.arraycopy(deltas, half, upper.deltas, 0, moved);
            } else {
                upper.deltas = null;
                upper.keys = new long[upper.offsets.length];
                System.arraycopy(keys, half, upper.keys, 0, moved);
            }
            System.arraycopy(offsets, half, upper.offsets, 0, moved);
            System.arraycopy(sizes, half, upper.sizes, 0, moved);
            upper.count = moved;
            count = half;
            resize(half + Math.max(1, half >>> 3));
            upper.rebase();
            narrowIfPossible();
            upper.narrowIfPossible();
            return upper;
        }

        /** Makes the first key the base, so the segment can later grow further upwards. */
        private void rebase() {
            if (deltas == null || count == 0 || deltas[0] == 0) {
                return;
            }
            int shift = deltas[0];
            for (int j = 0; j < count; j++) {
                deltas[j] -= shift;
            }
            base += shift & MAX_DELTA;
        }

        private void resize(int capacity) {
            if (deltas != null) {
                deltas = Arrays.copyOf(deltas, capacity);
            } else {
                keys = Arrays.copyOf(keys, capacity);
            }
            offsets = Arrays.copyOf(offsets, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
        }

        long memoryBytes() {
            int capacity = offsets.length;
            long keyBytes = deltas != null ? 4L * capacity : 8L * capacity;
            return OBJECT_HEADER + 8 + 4 * REFERENCE + 4 + 3 * ARRAY_HEADER + keyBytes + 8L * capacity;
        }
    }
}
