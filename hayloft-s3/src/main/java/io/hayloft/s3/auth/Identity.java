package io.hayloft.s3.auth;

import java.util.List;

/**
 * A user of the gateway: a name, its key pairs and what it may do. Immutable.
 *
 * @param name        shown in logs and as the owner of its buckets
 * @param credentials its access key / secret key pairs; empty for the {@code anonymous} identity
 * @param grants      what it may do
 */
public record Identity(String name, List<Credential> credentials, List<Grant> grants) {
    /** The name of the identity whose grants apply to unsigned requests, when the config has one. */
    public static final String ANONYMOUS = "anonymous";

    public Identity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an identity needs a name");
        }
        credentials = List.copyOf(credentials);
        grants = List.copyOf(grants);
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
}
