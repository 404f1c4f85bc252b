package io.hayloft.s3.auth;

import java.util.Locale;

/**
 * What an identity may do, as SeaweedFS's {@code s3.json} names it: {@code Read} (GET/HEAD objects),
 * {@code Write} (PUT/DELETE objects, create and delete buckets), {@code List} (list buckets and
 * objects), {@code Tagging}, and {@code Admin} (everything).
 */
public enum Action {
    READ("Read"), WRITE("Write"), LIST("List"), TAGGING("Tagging"), ADMIN("Admin");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    /** The name in the config file, e.g. {@code Read}. */
    public String label() {
        return label;
    }

    /**
     * The action named {@code label}, case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public static Action parse(String label) {
        for (Action a : values()) {
            if (a.label.equalsIgnoreCase(label.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + label + "': use Read, Write, List, Tagging or Admin"
                + " (optionally :bucket, e.g. Read:photos)");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
