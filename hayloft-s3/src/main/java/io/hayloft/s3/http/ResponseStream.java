package io.hayloft.s3.http;

import io.hayloft.http.ResponseDrain;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a stream into an answer from a virtual thread with backpressure: the copier waits while the
 * connection's write queue is full, so a slow client holds at most a few MiB here. Used by one thread.
 */
final class ResponseStream {
    private static final int PIECE = 64 * 1024;
    private static final int WRITE_QUEUE_BYTES = 2 << 20;

    private ResponseStream() {
    }

    /**
     * Sends the answer's head and exactly {@code length} bytes of {@code in}, and ends it.
     *
     * @throws IOException when the source fails or ends early, the client goes away, or the request was
     *                     answered already (a broken body framing, on the event loop)
     */
    static void copy(InputStream in, long length, S3Response answer) throws IOException {
        if (length <= 0) {
            answer.end();
            return;
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        HttpServerResponse response = null;
        long left = length;
        while (left > 0) {
            byte[] piece = new byte[(int) Math.min(PIECE, left)];
            int n = in.readNBytes(piece, 0, piece.length);
            if (n < piece.length) {
                throw new IOException("the filer sent " + (length - left + n) + " of " + length + " bytes");
            }
            if (response == null) {
                response = answer.startBody(Buffer.buffer(piece), r -> {
                    r.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
                    r.closeHandler(v -> closed.complete(null));
                });
            } else {
                if (closed.isDone() || response.closed()) {
                    throw new IOException("the client closed the connection");
                }
                response.write(Buffer.buffer(piece));
            }
            left -= n;
            if (response.writeQueueFull()) {
                ResponseDrain.await(response, closed);
            }
        }
        response.end();
    }
}
