package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Streams a byte range of a file into an output stream, chunk by chunk: only the chunks overlapping
 * the range are read, and only one at a time is in flight. Thread-safe.
 */
public final class ChunkReader {
    private final BlobStore blobs;

    public ChunkReader(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * Writes bytes {@code [offset, offset + length)} of {@code file} to {@code out} (not closed).
     *
     * @throws HayloftException BAD_REQUEST when the range lies outside the file, INTERNAL when a chunk
     *                          is gone from every volume server (the entry exists but its data is lost:
     *                          the message names the chunk and its bytes), UNAVAILABLE when no volume
     *                          server answers
     * @throws UncheckedIOException when writing to {@code out} fails
     */
    public void read(Entry file, long offset, long length, OutputStream out) {
        HayloftException.checkArgument(!file.directory(), file.path() + " is a directory");
        HayloftException.checkArgument(offset >= 0 && length >= 0 && offset + length <= file.size(),
                "range " + offset + "+" + length + " lies outside " + file.path() + " (" + file.size() + " bytes)");
        if (length == 0) {
            return;
        }
        if (file.isInline()) {
            try {
                out.write(file.content(), (int) offset, (int) length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file.path(), e);
            }
            return;
        }
        long end = offset + length;
        for (FileChunk c : file.chunks()) {
            long from = Math.max(offset, c.offset());
            long to = Math.min(end, c.end());
            if (from < to) {
                try {
                    blobs.read(c.fid(), from - c.offset(), to - from, out);
                } catch (HayloftException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    throw new HayloftException(ErrorCode.INTERNAL, "the data of " + file.path() + " is damaged: its chunk "
                            + c.fid() + " (bytes " + c.offset() + "-" + (c.end() - 1) + ") is on no volume server ("
                            + e.getMessage() + ")", e);
                }
            }
        }
    }
}
