package io.hayloft.storage;

import java.util.HexFormat;

/**
 * What {@link Volume#write} did.
 *
 * @param offset    byte offset of the needle's record in {@code .dat} (of the existing record when
 *                  {@code unchanged})
 * @param size      the needle's data size in bytes
 * @param checksum  CRC-32C of the data
 * @param unchanged true if an identical live needle was already stored and nothing was appended
 */
public record WriteResult(long offset, int size, int checksum, boolean unchanged) {
    /** Returns the checksum as exactly 8 lowercase hex digits, the HTTP ETag (unquoted). */
    public String eTag() {
        return HexFormat.of().toHexDigits(checksum);
    }
}
