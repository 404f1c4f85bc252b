package io.hayloft.filer.chunk;

import io.hayloft.api.FileId;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * A volume server in the filer's own process ({@code hayloft server}): chunks assigned to it are
 * written, and chunks it holds are read, by method call instead of loopback HTTP. Implemented over the
 * volume server by whoever starts both roles. Thread-safe; the methods block (call from virtual threads).
 */
public interface ColocatedVolume {
    /** The volume server's {@code host:port}, as the master names it in assignments. */
    String url();

    /** True when the volume server holds a copy of {@code fid}'s volume. */
    boolean holds(FileId fid);

    /**
     * Stores the first {@code length} bytes of {@code data} as blob {@code fid} (replicated as an upload
     * would be); {@code data} must not change until this returns.
     *
     * @return the blob's eTag
     * @throws io.hayloft.api.HayloftException as an upload to the volume server fails
     */
    String write(FileId fid, byte[] data, int length, String name, String mime);

    /**
     * Reads blob {@code fid} into a buffer from {@code buffers} (asked for the length of the blob's whole
     * record), checked against its CRC.
     *
     * @return that buffer, with the blob's bytes between its position and limit
     * @throws io.hayloft.api.HayloftException NOT_FOUND when the blob is gone, CORRUPT when this copy fails
     *                                         its CRC (other replicas may still serve it over HTTP)
     */
    ByteBuffer read(FileId fid, IntFunction<ByteBuffer> buffers);
}
