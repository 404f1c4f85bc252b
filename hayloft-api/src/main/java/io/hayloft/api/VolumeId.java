package io.hayloft.api;

/**
 * A volume's number: positive, at most {@link Integer#MAX_VALUE}. Written in decimal everywhere.
 */
public record VolumeId(int value) implements Comparable<VolumeId> {
    public VolumeId {
        HayloftException.checkArgument(value > 0, "volume id must be positive, got " + value);
    }

    public static VolumeId of(int value) {
        return new VolumeId(value);
    }

    /** Parses a decimal volume id; rejects signs, blanks and anything outside 1..2^31-1. */
    public static VolumeId parse(String text) {
        HayloftException.checkArgument(text != null && !text.isEmpty() && text.length() <= 10,
                "invalid volume id '" + text + "'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            HayloftException.checkArgument(c >= '0' && c <= '9', "invalid volume id '" + text + "'");
        }
        long v = Long.parseLong(text);
        HayloftException.checkArgument(v > 0 && v <= Integer.MAX_VALUE, "invalid volume id '" + text + "'");
        return new VolumeId((int) v);
    }

    @Override
    public int compareTo(VolumeId o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
