package io.hayloft.filer.entry;

import io.hayloft.api.HayloftException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An absolute, normalised path in the filer's namespace: {@code "/"} or {@code "/a/b"}, never a
 * trailing slash, never an empty, {@code "."} or {@code ".."} segment, never a NUL, each name at most
 * {@value #MAX_NAME_BYTES} bytes of UTF-8.
 *
 * @param value the normalised text form
 */
public record FullPath(String value) implements Comparable<FullPath> {
    /** The longest name a path segment may have, in UTF-8 bytes (as POSIX {@code NAME_MAX}). */
    public static final int MAX_NAME_BYTES = 255;
    /** The longest whole path, in UTF-8 bytes. */
    public static final int MAX_PATH_BYTES = 4096;

    private static final FullPath ROOT = new FullPath("/");

    public FullPath {
        HayloftException.checkArgument(value != null && value.startsWith("/"), "path must be absolute: " + value);
        HayloftException.checkArgument(value.equals("/") || !value.endsWith("/"), "path must not end in '/': " + value);
        HayloftException.checkArgument(value.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES,
                "path is longer than " + MAX_PATH_BYTES + " bytes");
        if (!value.equals("/")) {
            for (String name : value.substring(1).split("/", -1)) {
                checkName(name);
            }
        }
    }

    /** The root directory {@code "/"}. */
    public static FullPath root() {
        return ROOT;
    }

    /**
     * Parses a path a user gave: repeated and trailing slashes are dropped, a missing leading slash
     * is added.
     *
     * @throws HayloftException BAD_REQUEST for {@code ..} or {@code .} segments, a NUL, a name over
     *                          {@value #MAX_NAME_BYTES} bytes or a path over {@value #MAX_PATH_BYTES} bytes
     */
    public static FullPath parse(String text) {
        HayloftException.checkArgument(text != null, "path is required");
        List<String> names = new ArrayList<>();
        for (String name : text.split("/")) {
            if (!name.isEmpty()) {
                checkName(name);
                names.add(name);
            }
        }
        return names.isEmpty() ? ROOT : new FullPath("/" + String.join("/", names));
    }

    /**
     * Checks one name (a path segment).
     *
     * @throws HayloftException BAD_REQUEST when the name is empty, {@code .}, {@code ..}, contains
     *                          {@code /} or NUL, or is longer than {@value #MAX_NAME_BYTES} bytes
     */
    public static void checkName(String name) {
        HayloftException.checkArgument(name != null && !name.isEmpty(), "empty name in path");
        HayloftException.checkArgument(!name.equals(".") && !name.equals(".."),
                "path segment '" + name + "' is not allowed");
        HayloftException.checkArgument(name.indexOf('\0') < 0, "name must not contain NUL");
        HayloftException.checkArgument(name.indexOf('/') < 0, "name must not contain '/': " + name);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        HayloftException.checkArgument(bytes <= MAX_NAME_BYTES,
                "name is " + bytes + " bytes long, more than " + MAX_NAME_BYTES);
    }

    public boolean isRoot() {
        return value.equals("/");
    }

    /** The last segment; empty for the root. */
    public String name() {
        return isRoot() ? "" : value.substring(value.lastIndexOf('/') + 1);
    }

    /** The directory holding this path; the root's parent is the root. */
    public FullPath parent() {
        int slash = value.lastIndexOf('/');
        return slash <= 0 ? ROOT : new FullPath(value.substring(0, slash));
    }

    /** This directory's child {@code name}. */
    public FullPath child(String name) {
        checkName(name);
        return new FullPath(isRoot() ? "/" + name : value + "/" + name);
    }

    /** True when {@code other} lies strictly inside this directory, at any depth. */
    public boolean isAncestorOf(FullPath other) {
        if (isRoot()) {
            return !other.isRoot();
        }
        return other.value.length() > value.length() && other.value.startsWith(value)
                && other.value.charAt(value.length()) == '/';
    }

    /** Every ancestor below the root, from the top down to this path's parent; empty for the root and its children. */
    public List<FullPath> ancestors() {
        List<FullPath> out = new ArrayList<>();
        for (FullPath p = parent(); !p.isRoot(); p = p.parent()) {
            out.addFirst(p);
        }
        return out;
    }

    /** This path with ancestor {@code from} replaced by {@code to}: {@code /a/x} moved from /a to /b is /b/x. */
    public FullPath rebase(FullPath from, FullPath to) {
        if (equals(from)) {
            return to;
        }
        HayloftException.checkArgument(from.isAncestorOf(this), from + " is not an ancestor of " + this);
        String rest = from.isRoot() ? value.substring(1) : value.substring(from.value.length() + 1);
        return to.isRoot() ? new FullPath("/" + rest) : new FullPath(to.value + "/" + rest);
    }

    @Override
    public int compareTo(FullPath o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
