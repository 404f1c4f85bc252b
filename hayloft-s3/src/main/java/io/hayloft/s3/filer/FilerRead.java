package io.hayloft.s3.filer;

import java.io.InputStream;

/**
 * An open read of a file's bytes from the filer: the stream to copy and close.
 *
 * @param body   the bytes asked for (the whole file or the range)
 * @param length how many bytes {@code body} holds
 * @param eTag   the filer's ETag of the file read, quoted (to detect a file replaced since its lookup)
 */
public record FilerRead(InputStream body, long length, String eTag) implements AutoCloseable {
    @Override
    public void close() {
        try {
            body.close();
        } catch (java.io.IOException e) {
            // nothing to do: the connection is dropped
        }
    }
}
