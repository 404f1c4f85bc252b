package io.hayloft.storage.needlemap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link NeedleMap} of sorted segments of packed rows: about 9 bytes per needle for the keys a
 * master hands out, no object per entry.
 *
 * <p>Layout: a directory (sorted by each segment's lowest key) of segments holding at most
 * {@code segmentCapacity} entries each. A segment stores its entries sorted by key as rows of one
 * {@code byte[]}, each as narrow as the segment's entries allow (see {@code Segment}):
 *
 * <pre>
 *   directory: firstKey[0] firstKey[1] ...      (long each, sign-flipped for unsigned order)
 *                 |           |
 *   segment:   base (long), rows byte[]:  key - base   2 B (keys span &lt; 2^16), 4 B (&lt; 2^32), or the key, 8 B
 *                                         offset       4 B, in 8-byte units
 *                                         size         3 B (every size &lt; 16 MiB) or 4 B
 * </pre>
 *
 * Keys handed out in sequence (by one master to all volumes: a volume sees them in order, with gaps)
 * give 2-byte keys while the 1,024 entries of a segment span less than 65,536 keys, so 9 bytes per
 * needle; keys spread over the whole 64-bit range give 8-byte keys, 15 bytes. Keys appended above the
 * current maximum go to the end of the last segment without a search, fill it completely and then start
 * a new one allocated at full capacity, so in-order loads (the common case: recovery replays the index in
 * write order) cost no search, copy no rows and leave slack in the last segment only. Out-of-order
 * inserts split a full segment in halves; rows grow by an eighth at a time, so random loads cost about a
 * byte more.
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
        return i >= 0 ? NeedleLocation.pack(seg.offsetAt(i), seg.sizeAt(i)) : NeedleLocation.ABSENT;
    }

    @Override
    public long put(long key, int offsetUnits, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("needle size must not be negative, got " + size);
        }
        if (Long.compareUnsigned(key, maxKey) > 0) {
            maxKey = key;
            if (segmentCount > 0) {
                appendAboveAll(key, offsetUnits, size);
                return NeedleLocation.ABSENT;
            }
        }
        if (segmentCount == 0) {
            insertSegment(0, new Segment(key, Math.min(MIN_ARRAY_CAPACITY, segmentCapacity)), key);
        }
        int s = segmentFor(key);
        Segment seg = segments[s];
        int i = seg.find(key);
        if (i >= 0) {
            long previous = NeedleLocation.pack(seg.offsetAt(i), seg.sizeAt(i));
            seg.setLocation(i, offsetUnits, size);
            deletedCount++;
            deletedBytes += NeedleLocation.size(previous);
            return previous;
        }
        int at = -i - 1;
        if (seg.count == segmentCapacity) {
            if (s == segmentCount - 1 && at == seg.count) {
                seg = new Segment(key, segmentCapacity);
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

    /**
     * {@inheritDoc}
     *
     * <p>Here a run of entries whose keys each lie above every key before them (an index replayed in
     * write order) is written as rows at the end of the last segment in one loop, without a search or a
     * call per entry; any other entry (a tombstone, a rewrite, a key below the maximum, one that needs wider
     * rows) goes through {@link #put} or {@link #delete}.
     */
    @Override
    public void applyAll(long[] keys, int[] offsetUnits, int[] sizes, int count) {
        int i = 0;
        while (i < count) {
            if (segmentCount > 0 && sizes[i] >= 0 && Long.compareUnsigned(keys[i], maxKey) > 0) {
                Segment last = segments[segmentCount - 1];
                if (last.count == segmentCapacity) {
                    last = new Segment(keys[i], segmentCapacity);
                    insertSegment(segmentCount, last, keys[i]);
                }
                int appended = last.appendAscending(keys, offsetUnits, sizes, i, count, maxKey, segmentCapacity);
                if (appended > 0) {
                    i += appended;
                    maxKey = keys[i - 1];
                    liveCount += appended;
                    continue;
                }
            }
            if (sizes[i] >= 0) {
                put(keys[i], offsetUnits[i], sizes[i]);
            } else {
                delete(keys[i]);
            }
            i++;
        }
    }

    /**
     * {@link #put} of a key above every key ever put (so absent, and at the end of the last segment): no
     * search. A full last segment is followed by a new one allocated at full capacity, because keys
     * arriving in order (an index replayed at open, a master's key sequence) will fill it: only the last
     * segment has slack, and a segment's rows are not grown and copied an eighth at a time.
     */
    private void appendAboveAll(long key, int offsetUnits, int size) {
        Segment seg = segments[segmentCount - 1];
        if (seg.count == segmentCapacity) {
            seg = new Segment(key, segmentCapacity);
            insertSegment(segmentCount, seg, key);
        }
        seg.insertAt(seg.count, key, offsetUnits, size, segmentCapacity);
        liveCount++;
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
        long previous = NeedleLocation.pack(seg.offsetAt(i), seg.sizeAt(i));
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
                visitor.visit(seg.keyAt(i), seg.offsetAt(i) & 0xFFFF_FFFFL, seg.sizeAt(i));
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

    /**
     * Up to {@code segmentCapacity} entries sorted by unsigned key, packed in one {@code byte[]} of rows
     * (little-endian), each {@code keyWidth + 4 + sizeWidth} bytes:
     * <pre>
     *   key     2 B: key - base, when the segment's keys span less than 2^16
     *           4 B: key - base, when they span less than 2^32
     *           8 B: the key itself
     *   offset  4 B: offset in 8-byte units (unsigned)
     *   size    3 B: body size, when every size in the segment is below 2^24 (16 MiB); else 4 B
     * </pre>
     * The widths are the narrowest that hold the segment's entries; a key or size that does not fit
     * re-encodes the segment wider (rare: at most twice per segment for keys, which arrive in order).
     */
    private static final class Segment {
        private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final int NARROW_SIZE_LIMIT = 1 << 24;

        /** Keys are {@code base + unsigned delta} for key widths 2 and 4; unused (0) for width 8. */
        private long base;
        private int keyWidth = 2;
        private int sizeWidth = 3;
        private int rowWidth = 9;
        private byte[] rows;
        private int count;

        Segment(long base, int capacity) {
            this.base = base;
            this.rows = new byte[capacity * rowWidth];
        }

        int capacity() {
            return rows.length / rowWidth;
        }

        long keyAt(int i) {
            int p = i * rowWidth;
            return switch (keyWidth) {
                case 2 -> base + ((short) SHORT.get(rows, p) & 0xFFFFL);
                case 4 -> base + ((int) INT.get(rows, p) & MAX_DELTA);
                default -> (long) LONG.get(rows, p);
            };
        }

        int offsetAt(int i) {
            return (int) INT.get(rows, i * rowWidth + keyWidth);
        }

        int sizeAt(int i) {
            int p = i * rowWidth + keyWidth + 4;
            if (sizeWidth == 4) {
                return (int) INT.get(rows, p);
            }
            return (rows[p] & 0xFF) | (rows[p + 1] & 0xFF) << 8 | (rows[p + 2] & 0xFF) << 16;
        }

        /** Binary search: the index of key, or {@code -(insertion point) - 1}. One loop per key width. */
        int find(long key) {
            if (keyWidth == 8) {
                return findWide(key);
            }
            if (Long.compareUnsigned(key, base) < 0) {
                return -1;
            }
            long d = key - base;
            if (Long.compareUnsigned(d, keyWidth == 2 ? 0xFFFFL : MAX_DELTA) > 0) {
                return -count - 1;
            }
            int target = (int) d;
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int p = mid * rowWidth;
                int delta = keyWidth == 2 ? (short) SHORT.get(rows, p) & 0xFFFF : (int) INT.get(rows, p);
                int c = Integer.compareUnsigned(delta, target);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -lo - 1;
        }

        private int findWide(long key) {
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Long.compareUnsigned((long) LONG.get(rows, mid * rowWidth), key);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -lo - 1;
        }

        /** Replaces the location of entry {@code i} (its key stays). */
        void setLocation(int i, int offsetUnits, int size) {
            if (size >= NARROW_SIZE_LIMIT && sizeWidth == 3) {
                relayout(capacity(), keyAt(i), size);
            }
            writeLocation(i, offsetUnits, size);
        }

        void insertAt(int at, long key, int offsetUnits, int size, int maxCapacity) {
            if (!fits(key, size)) {
                relayout(capacity(), key, size);
            }
            if ((count + 1) * rowWidth > rows.length) { // full (no division: this runs once per insert)
                rows = Arrays.copyOf(rows, rowWidth * Math.min(maxCapacity, count + Math.max(MIN_ARRAY_CAPACITY, count >>> 3)));
            }
            int p = at * rowWidth;
            System.arraycopy(rows, p, rows, p + rowWidth, (count - at) * rowWidth);
            writeKey(at, key);
            writeLocation(at, offsetUnits, size);
            count++;
        }

        /**
         * Appends entries {@code from, from + 1, …} as rows while each key is above the one before it
         * ({@code above} for the first; unsigned), its size is not a tombstone, both fit the current row
         * widths, and the segment has room (its rows grow at most to {@code maxCapacity}, and only as far
         * as the entries offered need).
         *
         * @return how many entries were appended (0 when the first does not qualify)
         */
        int appendAscending(long[] keys, int[] offsetUnits, int[] sizes, int from, int to, long above,
                            int maxCapacity) {
            int room = Math.min(maxCapacity, count + (to - from));
            if (room * rowWidth > rows.length) {
                rows = Arrays.copyOf(rows, room * rowWidth);
            }
            long maxDelta = keyWidth == 2 ? 0xFFFFL : keyWidth == 4 ? MAX_DELTA : -1L;
            long origin = keyWidth == 8 ? 0 : base;
            int sizeLimit = sizeWidth == 4 ? Integer.MAX_VALUE : NARROW_SIZE_LIMIT - 1;
            long previous = above;
            int j = from;
            int p = count * rowWidth;
            while (j < to && count < room) {
                long key = keys[j];
                int size = sizes[j];
                if (size < 0 || size > sizeLimit || Long.compareUnsigned(key, previous) <= 0
                        || Long.compareUnsigned(key - origin, maxDelta) > 0) {
                    break;
                }
                switch (keyWidth) {
                    case 2 -> SHORT.set(rows, p, (short) (key - origin));
                    case 4 -> INT.set(rows, p, (int) (key - origin));
                    default -> LONG.set(rows, p, key);
                }
                INT.set(rows, p + keyWidth, offsetUnits[j]);
                if (sizeWidth == 4) {
                    INT.set(rows, p + keyWidth + 4, size);
                } else {
                    rows[p + keyWidth + 4] = (byte) size;
                    rows[p + keyWidth + 5] = (byte) (size >>> 8);
                    rows[p + keyWidth + 6] = (byte) (size >>> 16);
                }
                previous = key;
                p += rowWidth;
                count++;
                j++;
            }
            return j - from;
        }

        private void writeKey(int i, long key) {
            int p = i * rowWidth;
            switch (keyWidth) {
                case 2 -> SHORT.set(rows, p, (short) (key - base));
                case 4 -> INT.set(rows, p, (int) (key - base));
                default -> LONG.set(rows, p, key);
            }
        }

        private void writeLocation(int i, int offsetUnits, int size) {
            int p = i * rowWidth + keyWidth;
            INT.set(rows, p, offsetUnits);
            if (sizeWidth == 4) {
                INT.set(rows, p + 4, size);
            } else {
                rows[p + 4] = (byte) size;
                rows[p + 5] = (byte) (size >>> 8);
                rows[p + 6] = (byte) (size >>> 16);
            }
        }

        /** True when {@code key} and {@code size} can be stored with the current widths and base. */
        private boolean fits(long key, int size) {
            if (size >= NARROW_SIZE_LIMIT && sizeWidth == 3) {
                return false;
            }
            if (count == 0) {
                if (keyWidth != 8) {
                    base = key;
                }
                return true;
            }
            if (keyWidth == 8) {
                return true;
            }
            long delta = key - base;
            return Long.compareUnsigned(key, base) >= 0
                    && Long.compareUnsigned(delta, keyWidth == 2 ? 0xFFFFL : MAX_DELTA) <= 0;
        }

        /**
         * Re-encodes the entries with room for {@code capacity} rows and the narrowest widths that hold
         * them and also {@code key} and {@code size} (pass an entry's own key and size to add nothing).
         */
        private void relayout(int capacity, long key, int size) {
            int n = count;
            long[] keys = new long[n];
            int[] offsets = new int[n];
            int[] sizes = new int[n];
            long lo = key;
            long hi = key;
            int maxSize = size;
            for (int j = 0; j < n; j++) {
                keys[j] = keyAt(j);
                offsets[j] = offsetAt(j);
                sizes[j] = sizeAt(j);
                maxSize = Math.max(maxSize, sizes[j]);
            }
            if (n > 0) {
                lo = Long.compareUnsigned(keys[0], key) < 0 ? keys[0] : key;
                hi = Long.compareUnsigned(keys[n - 1], key) > 0 ? keys[n - 1] : key;
            }
            long span = hi - lo;
            keyWidth = Long.compareUnsigned(span, 0xFFFFL) <= 0 ? 2 : Long.compareUnsigned(span, MAX_DELTA) <= 0 ? 4 : 8;
            base = keyWidth == 8 ? 0 : lo;
            sizeWidth = maxSize >= NARROW_SIZE_LIMIT ? 4 : 3;
            rowWidth = keyWidth + 4 + sizeWidth;
            rows = new byte[Math.max(capacity, n) * rowWidth];
            for (int j = 0; j < n; j++) {
                writeKey(j, keys[j]);
                writeLocation(j, offsets[j], sizes[j]);
            }
        }

        void removeAt(int i) {
            int p = i * rowWidth;
            System.arraycopy(rows, p + rowWidth, rows, p, (count - i - 1) * rowWidth);
            count--;
            int capacity = capacity();
            if (capacity > 2 * MIN_ARRAY_CAPACITY && count < capacity / 2) {
                rows = Arrays.copyOf(rows, rowWidth * (count + Math.max(MIN_ARRAY_CAPACITY, count >>> 3)));
            }
        }

        /** Moves the upper half of the entries into a new segment and returns it; both end at their narrowest widths. */
        Segment splitUpper() {
            int half = count / 2;
            int moved = count - half;
            Segment upper = new Segment(0, 0);
            upper.keyWidth = keyWidth;
            upper.sizeWidth = sizeWidth;
            upper.rowWidth = rowWidth;
            upper.base = base;
            upper.rows = Arrays.copyOfRange(rows, half * rowWidth, count * rowWidth);
            upper.count = moved;
            count = half;
            rows = Arrays.copyOf(rows, half * rowWidth);
            relayout(half + Math.max(1, half >>> 3), keyAt(0), sizeAt(0));
            upper.relayout(moved + Math.max(1, moved >>> 3), upper.keyAt(0), upper.sizeAt(0));
            return upper;
        }

        long memoryBytes() {
            return OBJECT_HEADER + 8 + 4 * 4 + REFERENCE + ARRAY_HEADER + rows.length;
        }
    }
}
