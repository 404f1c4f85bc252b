package io.hayloft.s3.auth;

import java.util.List;

/**
 * A user of the gateway: a name, its key pairs and what it may do. Immutable.
 *
 * @param name        shown in logs and as the owner of its buckets
 * @param credentials its access key / secret key pairs; empty for the {@code anonymous} identity
 * @param grants      what it may do
 * @param ownBucketsOnly true when its grants for every bucket ({@code Read}, not {@code Read:photos}) apply
 *                    only to the buckets it owns, as if it were an AWS account of its own: other identities'
 *                    buckets it reaches only through their ACLs and bucket policies
 */
public record Identity(String name, List<Credential> credentials, List<Grant> grants, boolean ownBucketsOnly) {
    /** The name of the identity whose grants apply to unsigned requests, when the config has one. */
    public static final String ANONYMOUS = "anonymous";

    public Identity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an identity needs a name");
        }
        credentials = List.copyOf(credentials);
        grants = List.copyOf(grants);
    }

    /** An identity whose grants apply to every bucket. */
    public Identity(String name, List<Credential> credentials, List<Grant> grants) {
        this(name, credentials, grants, false);
    }

    /** The identity of unsigned requests when the config has none: it may do nothing ACLs and policies do not allow. */
    public static Identity nobody() {
        return new Identity(ANONYMOUS, List.of(), List.of());
    }

    /** An access key and its secret. */
    public record Credential(String accessKey, String secretKey) {
        public Credential {
            if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
                throw new IllegalArgumentException("a credential needs an accessKey and a secretKey");
            }
        }

        @Override
        public String toString() {
            return "Credential[" + accessKey + "]";
        }
    }

    /** True when one of its grants allows {@code action} on {@code bucket} (empty for no bucket). */
    public boolean allows(Action action, String bucket) {
        return grants.stream().anyMatch(g -> g.allows(action, bucket));
    }

    /**
     * True when one of its grants allows {@code action} on {@code bucket}, a bucket it owns when {@code owned}:
     * for an identity {@link #ownBucketsOnly}, a grant for every bucket counts only on its own.
     */
    public boolean allows(Action action, String bucket, boolean owned) {
        return grants.stream().anyMatch(g -> g.allows(action, bucket)
                && (owned || !ownBucketsOnly || !g.bucket().isEmpty()));
    }
}
