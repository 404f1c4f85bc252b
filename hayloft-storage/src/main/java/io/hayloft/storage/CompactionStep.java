package io.hayloft.storage;

/**
 * The steps of a volume compaction, each a named {@link FaultPoints fault point} where tests crash,
 * park or race the compactor. In order (see the package documentation for the state diagram):
 *
 * <ul>
 *   <li>{@link #BEFORE_COPY} — {@code .cpd} (superblock only) and an empty {@code .cpx} exist; no
 *       lock held.</li>
 *   <li>{@link #MID_COPY} — reached after each live needle copied; no lock held.</li>
 *   <li>{@link #AFTER_COPY} — the snapshot is copied and caught up without the lock; the switch
 *       has not started.</li>
 *   <li>{@link #AFTER_CATCH_UP} — the append lock is held, the final catch-up is done and both new
 *       files are forced; no marker yet.</li>
 *   <li>{@link #AFTER_MARKER} — the marker is durable: from here a crash rolls forward.</li>
 *   <li>{@link #MID_SWITCH} — {@code .cpd} has been renamed over {@code .dat}, {@code .cpx} not yet
 *       over {@code .idx}.</li>
 *   <li>{@link #AFTER_SWITCH} — both renames are durable; the volume still serves the old files in
 *       memory and the marker is still on disk.</li>
 * </ul>
 */
public enum CompactionStep {
    BEFORE_COPY("compaction.beforeCopy"),
    MID_COPY("compaction.midCopy"),
    AFTER_COPY("compaction.afterCopy"),
    AFTER_CATCH_UP("compaction.afterCatchUp"),
    AFTER_MARKER("compaction.afterMarker"),
    MID_SWITCH("compaction.midSwitch"),
    AFTER_SWITCH("compaction.afterSwitch");

    private final String faultPoint;

    CompactionStep(String faultPoint) {
        this.faultPoint = faultPoint;
    }

    /** Returns the name under which this step is armed in {@link FaultPoints}. */
    public String faultPoint() {
        return faultPoint;
    }

    void hit() {
        FaultPoints.hit(faultPoint);
    }
}
