package io.hayloft.s3.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * SigV4 signing keys already derived, by secret key and scope, so that verifying a request costs one
 * HMAC rather than five (a key is valid for its day, region and service; clients sign every request of a
 * day with the same one). Only a key that verified a signature is kept, so requests that fail cannot fill
 * the cache; it holds at most {@value #MAX_KEYS} keys and starts over when full.
 *
 * <p>Thread-safe.
 */
final class SigningKeys {
    /** How many keys are kept at most (each a few dozen bytes with its scope). */
    static final int MAX_KEYS = 1024;

    private record Scope(String secretKey, String date, String region, String service) {
    }

    private final ConcurrentHashMap<Scope, byte[]> keys = new ConcurrentHashMap<>();

    /**
     * The signing key of {@code secretKey} for {@code date} ({@code yyyyMMdd}), {@code region} and
     * {@code service}: the kept one, or derived ({@link SigV4#signingKey}).
     */
    byte[] get(String secretKey, String date, String region, String service) {
        byte[] key = keys.get(new Scope(secretKey, date, region, service));
        return key != null ? key.clone() : SigV4.signingKey(secretKey, date, region, service);
    }

    /** Keeps {@code key}, which just verified a signature, for later requests in the same scope. */
    void remember(String secretKey, String date, String region, String service, byte[] key) {
        if (keys.size() >= MAX_KEYS) {
            keys.clear();
        }
        keys.putIfAbsent(new Scope(secretKey, date, region, service), key.clone());
    }

    /** How many keys are kept (for tests). */
    int size() {
        return keys.size();
    }
}
