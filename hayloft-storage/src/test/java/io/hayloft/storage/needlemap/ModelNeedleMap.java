package io.hayloft.storage.needlemap;

import java.util.Map;
import java.util.TreeMap;

/** A plain reference {@link NeedleMap} over a TreeMap: slow and large, but obviously right. */
final class ModelNeedleMap implements NeedleMap {
    private final TreeMap<Long, Long> entries = new TreeMap<>(Long::compareUnsigned);
    private long deletedCount;
    private long deletedBytes;
    private long maxKey;

    @Override
    public long get(long key) {
        return entries.getOrDefault(key, NeedleLocation.ABSENT);
    }

    @Override
    public long put(long key, int offsetUnits, int size) {
        long packed = NeedleLocation.pack(offsetUnits, size);
        if (Long.compareUnsigned(key, maxKey) > 0) {
            maxKey = key;
        }
        Long previous = entries.put(key, packed);
        if (previous == null) {
            return NeedleLocation.ABSENT;
        }
        deletedCount++;
        deletedBytes += NeedleLocation.size(previous);
        return previous;
    }

    @Override
    public long delete(long key) {
        Long previous = entries.remove(key);
        if (previous == null) {
            return NeedleLocation.ABSENT;
        }
        deletedCount++;
        deletedBytes += NeedleLocation.size(previous);
        return previous;
    }

    @Override
    public long liveCount() {
        return entries.size();
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
        for (Map.Entry<Long, Long> e : entries.entrySet()) {
            visitor.visit(e.getKey(), NeedleLocation.offsetUnits(e.getValue()), NeedleLocation.size(e.getValue()));
        }
    }

    @Override
    public long memoryBytes() {
        return 100L * entries.size();
    }
}
