package io.hayloft.security;

import io.hayloft.api.HayloftException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret HMAC-SHA256 key from {@code security.toml}: the key's text as UTF-8 bytes (SeaweedFS reads its
 * {@code [jwt.signing] key} the same way). Immutable; {@link #toString()} never shows the secret.
 */
public final class SigningKey {
    /** Shortest key accepted: 16 bytes, so that a key cannot be guessed by trying short words. */
    public static final int MIN_BYTES = 16;

    private final byte[] secret;
    /** One initialised HMAC per thread: looking up and keying a {@code Mac} costs more than the HMAC of a token. */
    private final ThreadLocal<Mac> macs;

    private SigningKey(byte[] secret) {
        this.secret = secret;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("the JDK always provides HmacSHA256", e);
            }
        });
    }

    /** HMAC-SHA256 of {@code data} under this key. Thread-safe. */
    byte[] hmac(byte[] data) {
        Mac mac = macs.get();
        mac.reset();
        return mac.doFinal(data);
    }

    /**
     * The key {@code text} stands for.
     *
     * @param what how the key is named in messages ({@code "[jwt.signing] key"})
     * @throws HayloftException {@code BAD_REQUEST} when the text is shorter than {@link #MIN_BYTES} bytes
     */
    public static SigningKey of(String text, String what) {
        HayloftException.checkArgument(text != null, what + " is required");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        HayloftException.checkArgument(bytes.length >= MIN_BYTES, what + " must be at least " + MIN_BYTES
                + " bytes long, got " + bytes.length + " (hayloft security init writes a random one)");
        return new SigningKey(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && java.security.MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "SigningKey(" + secret.length + " bytes)";
    }
}
