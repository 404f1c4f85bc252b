package io.hayloft.cli.fs;

import java.time.Instant;

/**
 * One entry of the filer as {@code hayloft fs} shows it, read from the filer's JSON
 * ({@code ?metadata=true} or a listing's {@code Entries}).
 *
 * @param path      absolute path
 * @param directory true for a directory
 * @param size      bytes (0 for a directory)
 * @param mode      permission bits (without Go's directory bit)
 * @param mtime     last modification
 * @param chunks    how many chunks hold the content (0 for inline files and directories)
 */
public record RemoteEntry(String path, boolean directory, long size, int mode, Instant mtime, int chunks) {
    /** The last path segment ({@code "/"} for the root). */
    String name() {
        int slash = path.lastIndexOf('/');
        return path.equals("/") ? "/" : path.substring(slash + 1);
    }

    /** {@code drwxr-xr-x} / {@code -rw-r--r--}. */
    String modeString() {
        StringBuilder sb = new StringBuilder(directory ? "d" : "-");
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            sb.append((mode & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return sb.toString();
    }
}
