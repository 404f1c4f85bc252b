package io.hayloft.api;

import java.nio.charset.StandardCharsets;

/**
 * The name of one stored blob: volume id, needle key and cookie.
 *
 * <p>Text form {@code "<volumeId>,<keyHex><cookieHex>"}: the key's 8 bytes and the cookie's 4 bytes
 * are written as hex after dropping the key's leading zero bytes, so the cookie is always the last
 * 8 hex digits. Example: {@code 3,01637037d6} is volume 3, key 0x01, cookie 0x637037d6.
 * An optional {@code _N} suffix (from {@code /dir/assign?count=}) adds N to the key:
 * {@code 3,01637037d6_2} is key 0x03 with the same cookie.
 *
 * @param volumeId the volume holding the needle
 * @param key      the needle key, unsigned, never 0
 * @param cookie   random 32 bits that make ids unguessable
 */
public record FileId(VolumeId volumeId, long key, int cookie) {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    public FileId {
        HayloftException.checkArgument(volumeId != null, "volume id is required");
        HayloftException.checkArgument(key != 0, "needle key must not be 0");
    }

    public static FileId of(int volumeId, long key, int cookie) {
        return new FileId(new VolumeId(volumeId), key, cookie);
    }

    /** Parses {@code "3,01637037d6"} or {@code "3,01637037d6_1"}. */
    public static FileId parse(String text) {
        HayloftException.checkArgument(text != null, "file id is required");
        int comma = text.indexOf(',');
        HayloftException.checkArgument(comma > 0, "invalid file id '" + text + "': expected <volumeId>,<key><cookie>");
        return parseParts(text.substring(0, comma), text.substring(comma + 1), text);
    }

    /** Parses the two halves of a fid, as found in {@code /3/01637037d6} paths. */
    public static FileId parseParts(String volume, String keyAndCookie, String whole) {
        VolumeId vid;
        try {
            vid = VolumeId.parse(volume);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("invalid file id '" + whole + "': bad volume id");
        }
        String hex = keyAndCookie;
        long delta = 0;
        int underscore = hex.indexOf('_');
        if (underscore >= 0) {
            String d = hex.substring(underscore + 1);
            HayloftException.checkArgument(!d.isEmpty() && d.length() <= 9 && d.chars().allMatch(Character::isDigit),
                    "invalid file id '" + whole + "': bad _N suffix");
            delta = Long.parseLong(d);
            hex = hex.substring(0, underscore);
        }
        HayloftException.checkArgument(hex.length() > 8 && hex.length() <= 24,
                "invalid file id '" + whole + "': key and cookie must be 9 to 24 hex digits");
        for (int i = 0; i < hex.length(); i++) {
            HayloftException.checkArgument(Character.digit(hex.charAt(i), 16) >= 0,
                    "invalid file id '" + whole + "': not hex");
        }
        long key = Long.parseUnsignedLong(hex.substring(0, hex.length() - 8), 16);
        int cookie = (int) Long.parseLong(hex.substring(hex.length() - 8), 16);
        HayloftException.checkArgument(key != 0, "invalid file id '" + whole + "': key 0");
        return new FileId(vid, key + delta, cookie);
    }

    /** The part after the comma: key bytes without leading zero bytes, then the cookie, in hex. */
    public String keyAndCookieHex() {
        byte[] hex = new byte[24];
        return new String(hex, 0, appendHex(hex, 0), StandardCharsets.ISO_8859_1);
    }

    /** Writes the key (even digit count, no leading zero pair) then the cookie (8 digits); returns the end. */
    private int appendHex(byte[] to, int at) {
        int keyDigits = Math.max(1, (64 - Long.numberOfLeadingZeros(key) + 3) / 4);
        keyDigits += keyDigits & 1;
        for (int i = keyDigits - 1; i >= 0; i--) {
            to[at++] = HEX[(int) (key >>> (i * 4)) & 0xf];
        }
        for (int i = 7; i >= 0; i--) {
            to[at++] = HEX[(cookie >>> (i * 4)) & 0xf];
        }
        return at;
    }

    /** The fid of the {@code n}-th extra key of a {@code count=} assignment: same cookie, key + n. */
    public FileId plus(long n) {
        return new FileId(volumeId, key + n, cookie);
    }

    @Override
    public String toString() {
        return volumeId + "," + keyAndCookieHex(); // hand-written hex: String.format was a hot spot on assign
    }
}
