package io.hayloft.s3.auth;

/**
 * One permission of an identity: an action, on every bucket ({@code bucket} empty) or on one.
 * Written {@code Read} or {@code Read:photos} in the config file.
 *
 * @param action what is allowed
 * @param bucket the only bucket it applies to, or empty for all
 */
public record Grant(Action action, String bucket) {
    public Grant {
        if (action == null) {
            throw new IllegalArgumentException("a grant needs an action");
        }
        bucket = bucket == null ? "" : bucket;
    }

    /** Parses {@code Action} or {@code Action:bucket}; see {@link Action#parse}. */
    public static Grant parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new Grant(Action.parse(text), "")
                : new Grant(Action.parse(text.substring(0, colon)), text.substring(colon + 1).trim());
    }

    /**
     * True when this grant allows {@code wanted} on {@code onBucket} (empty: a request on no bucket, like
     * ListBuckets). {@code Admin} allows every action; a bucket-scoped grant never allows bucket-less
     * requests.
     */
    public boolean allows(Action wanted, String onBucket) {
        boolean actionOk = action == Action.ADMIN || action == wanted;
        boolean bucketOk = bucket.isEmpty() || bucket.equals(onBucket);
        return actionOk && bucketOk;
    }

    @Override
    public String toString() {
        return bucket.isEmpty() ? action.label() : action.label() + ":" + bucket;
    }
}
