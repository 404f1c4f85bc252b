package io.hayloft.s3.object;

/**
 * A bucket's versioning state, as {@code GetBucketVersioning} answers it. A bucket starts
 * {@link #UNVERSIONED}; once {@link #ENABLED} it can only be {@link #SUSPENDED} again, never unversioned
 * (S3's rule).
 */
public enum VersioningStatus {
    /** Versioning was never enabled: a write replaces the object, {@code VersionId} is {@code null}. */
    UNVERSIONED(""),
    /** Every write and delete makes a new version (a delete, a delete marker). */
    ENABLED("Enabled"),
    /** Writes and deletes replace the {@code null} version; other versions stay. */
    SUSPENDED("Suspended");

    private final String text;

    VersioningStatus(String text) {
        this.text = text;
    }

    /** The {@code <Status>} text ({@code Enabled}, {@code Suspended}), empty for {@link #UNVERSIONED}. */
    public String text() {
        return text;
    }

    /** True when the bucket keeps versions ({@link #ENABLED} or {@link #SUSPENDED}). */
    public boolean versioned() {
        return this != UNVERSIONED;
    }

    /** The state a stored setting names; {@link #UNVERSIONED} for anything else. */
    static VersioningStatus of(String stored) {
        for (VersioningStatus s : values()) {
            if (s != UNVERSIONED && s.text.equals(stored)) {
                return s;
            }
        }
        return UNVERSIONED;
    }
}
