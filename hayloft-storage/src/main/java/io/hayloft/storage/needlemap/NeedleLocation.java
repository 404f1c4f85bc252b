package io.hayloft.storage.needlemap;

/**
 * Packs where a needle lives into one {@code long}, so that {@link NeedleMap} lookups allocate nothing.
 *
 * <pre>
 *  bit 63            32 31                      0
 *  +-------------------+-------------------------+
 *  | offset (u32, x8)  | body size (i32, &gt;= 0)  |
 *  +-------------------+-------------------------+
 * </pre>
 *
 * The offset is in 8-byte units from the start of the {@code .dat} file, exactly as in the
 * {@code .idx} file. Sizes are never negative in a packed location, so {@link #ABSENT} ({@code -1L},
 * which would need size {@code -1}) can never be confused with a real location.
 */
public final class NeedleLocation {
    /** Returned by lookups when the key has no live needle. */
    public static final long ABSENT = -1L;

    private NeedleLocation() {
    }

    /**
     * Packs an offset (in 8-byte units, treated as unsigned 32 bits) and a body size.
     *
     * @throws IllegalArgumentException if the size is negative
     */
    public static long pack(int offsetUnits, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("needle size must not be negative, got " + size);
        }
        return ((long) offsetUnits << 32) | (size & 0xFFFF_FFFFL);
    }

    /** The offset in 8-byte units, as the unsigned value of the packed high word. */
    public static long offsetUnits(long packed) {
        return packed >>> 32;
    }

    /** The offset in bytes from the start of the {@code .dat} file. */
    public static long byteOffset(long packed) {
        return (packed >>> 32) << 3;
    }

    /** The needle body size in bytes. */
    public static int size(long packed) {
        return (int) packed;
    }
}
