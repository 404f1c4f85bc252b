package io.hayloft.api;

/** Rules for collection names, which become part of volume file names ({@code pictures_1.dat}). */
public final class Collections {
    /** Longest accepted collection name. */
    public static final int MAX_LENGTH = 128;

    private Collections() {
    }

    /**
     * Returns the name unchanged if it is a valid collection ("" is the default collection):
     * letters, digits, {@code - . _}, not starting with a dot, at most {@value #MAX_LENGTH} characters.
     */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        HayloftException.checkArgument(name.length() <= MAX_LENGTH && name.charAt(0) != '.'
                        && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'),
                "invalid collection '" + name + "': use letters, digits, '-', '_' and '.'");
        return name;
    }
}
