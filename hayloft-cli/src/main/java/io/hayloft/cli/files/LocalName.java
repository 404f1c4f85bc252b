package io.hayloft.cli.files;

import io.hayloft.api.FileId;

/** The local file name a downloaded blob is written under. */
final class LocalName {
    private LocalName() {
    }

    /**
     * The last path segment of {@code storedName} when it is a usable file name; otherwise the fid.
     * Never a path: {@code ../../etc/passwd} becomes {@code passwd}, {@code ..} becomes the fid.
     */
    static String of(String storedName, FileId fid) {
        if (storedName == null) {
            return fid.toString();
        }
        String name = storedName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).strip();
        boolean usable = !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        return usable ? name : fid.toString();
    }
}
