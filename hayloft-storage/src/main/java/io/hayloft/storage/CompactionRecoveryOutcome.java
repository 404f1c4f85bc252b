package io.hayloft.storage;

/** What {@link Volume#open} found of a compaction interrupted by a crash, and what it did. */
public enum CompactionRecoveryOutcome {
    /** No trace of an interrupted compaction. */
    NONE,
    /** The new files were incomplete (no valid marker): they were deleted, the old files kept. */
    ROLLED_BACK,
    /** The new files were complete (a valid marker): the switch to them was finished. */
    ROLLED_FORWARD
}
