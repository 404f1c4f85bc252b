package io.hayloft.volume.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hayloft.api.HayloftException;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON bodies of the sync endpoints (served by {@code io.hayloft.volume.sync.SyncHandlers}, called by
 * {@link VolumePeerClient}) ({@code docs/self-healing.md}, "Volume server endpoints")
 * and the text forms of keys and cookies in them: a key is its unsigned value in lower-case hex
 * without leading zeros ({@code Long.toHexString}), 1 to 16 digits on input; a cookie is 8 hex digits.
 */
public final class SyncWire {
    private SyncWire() {
    }

    /**
     * {@code GET /admin/volume/sync/digest}: {@code {"volume":N,"liveCount":n,"digest":"<16 hex>",
     * "buckets":["<16 hex>" x 1024]}}, {@code buckets} left out when not asked for.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Digest(int volume, long liveCount, String digest, List<String> buckets) {
    }

    /** {@code GET /admin/volume/sync/entries}: {@code {"volume":N,"live":[...],"deleted":["<hex>"]}}. */
    public record Entries(int volume, List<LiveNeedle> live, List<String> deleted) {
    }

    /** One live needle in {@link Entries}: {@code {"key":"<hex>","cookie":"<8 hex>","size":n}}. */
    public record LiveNeedle(String key, String cookie, int size) {
    }

    /** {@code POST /admin/volume/needle}: {@code {"unchanged":bool}}. */
    public record Stored(boolean unchanged) {
    }

    /** {@code DELETE /admin/volume/needle}: {@code {"deleted":bool}}. */
    public record Deleted(boolean deleted) {
    }

    /** A key as the endpoints write it. */
    public static String key(long key) {
        return Long.toHexString(key);
    }

    /**
     * Parses a key: 1 to 16 hex digits, unsigned.
     *
     * @param what names the value in the error message
     * @throws HayloftException {@code BAD_REQUEST} otherwise
     */
    public static long parseKey(String text, String what) {
        HayloftException.checkArgument(text != null && !text.isEmpty() && text.length() <= 16
                        && text.chars().allMatch(HexFormat::isHexDigit),
                what + " must be a needle key of 1 to 16 hex digits, got '" + text + "'");
        return Long.parseUnsignedLong(text, 16);
    }

    /** A cookie as the endpoints write it: 8 hex digits. */
    public static String cookie(int cookie) {
        return HexFormat.of().toHexDigits(cookie);
    }

    /**
     * Parses a cookie: exactly 8 hex digits.
     *
     * @throws HayloftException {@code BAD_REQUEST} otherwise
     */
    public static int parseCookie(String text) {
        HayloftException.checkArgument(text != null && text.length() == 8 && text.chars().allMatch(HexFormat::isHexDigit),
                "a cookie is 8 hex digits, got '" + text + "'");
        return HexFormat.fromHexDigits(text);
    }
}
