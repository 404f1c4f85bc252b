package io.hayloft.s3.http;

import io.hayloft.http.ResponseDrain;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a stream into a Vert.x response from a virtual thread with backpressure: the copier waits
 * while the connection's write queue is full, so a slow client holds at most a few MiB here. Used by
 * one thread.
 */
final class ResponseStream {
    private static final int PIECE = 64 * 1024;
    private static final int WRITE_QUEUE_BYTES = 2 << 20;
    /** A client that reads nothing for this long is dropped. */

    private ResponseStream() {
    }

    /**
     * Sends exactly {@code length} bytes of {@code in} and ends the response.
     *
     * @throws IOException when the source fails or ends early, or the client goes away
     */
    static void copy(InputStream in, long length, HttpServerResponse response) throws IOException {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        response.closeHandler(v -> closed.complete(null));
        long left = length;
        while (left > 0) {
            byte[] piece = new byte[(int) Math.min(PIECE, left)];
            int n = in.readNBytes(piece, 0, piece.length);
            if (n < piece.length) {
                throw new IOException("the filer sent " + (length - left + n) + " of " + length + " bytes");
            }
            if (closed.isDone() || response.closed()) {
                throw new IOException("the client closed the connection");
            }
            response.write(Buffer.buffer(piece));
            left -= n;
            if (response.writeQueueFull()) {
                ResponseDrain.await(response, closed);
            }
        }
        response.end();
    }
}
