package io.hayloft.storage.needlemap;

/** {@link CompactNeedleMap} with tiny segments, so that every test splits, rebases and drops segments. */
class SmallSegmentCompactNeedleMapTest extends NeedleMapConformanceTest {
    @Override
    protected NeedleMap newMap() {
        return new CompactNeedleMap(3);
    }
}
