package io.hayloft.api;

/**
 * A volume's number: an unsigned 32-bit integer, 1..2^32-1 (as SeaweedFS's {@code uint32}),
 * written in unsigned decimal everywhere. {@link #value()} holds the 32 bits, so ids above
 * 2^31-1 have a negative {@code int} value; use {@link #toString()} or {@link #unsignedValue()}
 * to show one. The master hands out ids from 1 upwards (at most {@link #MAX_ALLOCATED}); a larger
 * id is valid input that names no volume (a lookup answers 404, not 400).
 *
 * @param value the id's 32 bits, never 0
 */
public record VolumeId(int value) implements Comparable<VolumeId> {
    /** The largest volume id: 2^32-1. */
    public static final long MAX = 0xFFFF_FFFFL;
    /** The largest id the master's sequence hands out (it stores ids as a positive int). */
    public static final int MAX_ALLOCATED = Integer.MAX_VALUE;

    public VolumeId {
        HayloftException.checkArgument(value != 0, "volume id must be positive, got 0");
    }

    public static VolumeId of(int value) {
        return new VolumeId(value);
    }

    /** Parses an unsigned decimal volume id; rejects signs, blanks and anything outside 1..2^32-1. */
    public static VolumeId parse(String text) {
        HayloftException.checkArgument(text != null && !text.isEmpty() && text.length() <= 10,
                "invalid volume id '" + text + "'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            HayloftException.checkArgument(c >= '0' && c <= '9', "invalid volume id '" + text + "'");
        }
        long v = Long.parseLong(text);
        HayloftException.checkArgument(v > 0 && v <= MAX, "invalid volume id '" + text + "': must be 1.." + MAX);
        return new VolumeId((int) v);
    }

    /** The id as a non-negative long, 1..2^32-1. */
    public long unsignedValue() {
        return Integer.toUnsignedLong(value);
    }

    @Override
    public int compareTo(VolumeId o) {
        return Integer.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(value);
    }
}
