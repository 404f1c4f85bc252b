package io.hayloft.storage.needlemap;

/** The reference model passes the conformance suite, so the suite itself asks for the right things. */
class ModelNeedleMapTest extends NeedleMapConformanceTest {
    @Override
    protected NeedleMap newMap() {
        return new ModelNeedleMap();
    }
}
