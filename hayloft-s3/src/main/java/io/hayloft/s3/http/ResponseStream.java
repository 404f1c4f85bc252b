package io.hayloft.s3.http;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.chunk.DirectChunkPool;
import io.hayloft.filer.http.ResponseOutputStream;
import io.hayloft.s3.filer.FilerRead;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.time.Duration;

/**
 * Sends an object's bytes as the body of an answer, from the request's virtual thread:
 * <ul>
 *   <li>a body of at most {@value #PIECE} bytes is read whole and handed to Vert.x with the head, in one
 *       step on the event loop (nothing to wait for);</li>
 *   <li>a larger one is written into the filer's own response body ({@link ResponseOutputStream}): the head
 *       goes out before its first byte, the writer waits while the connection's write queue is full (a slow
 *       client holds a few MiB here), and a read in the filer's process ({@link FilerRead#writeTo}) has the
 *       chunk reader fetch each chunk into a direct buffer lent from this stream's pool, which goes to the
 *       socket as it is.</li>
 * </ul>
 * Thread-safe (the pool is); each send is used by one thread.
 */
final class ResponseStream {
    static final int PIECE = 64 * 1024;
    /**
     * Chunk buffers out at once for the gateway's downloads, as the filer's own downloads have
     * ({@code FilerRoutes}): four downloads each get one, a fifth waits for one (up to {@link #BUFFER_WAIT},
     * then ServiceUnavailable before its head is sent); chunks larger than the filer's default are read into
     * heap buffers instead. At most 36 MiB of native memory with 8 MiB chunks, one buffer kept for reuse.
     */
    static final int READ_BUFFERS = 4;
    static final Duration BUFFER_WAIT = Duration.ofSeconds(30);

    private final DirectChunkPool buffers;

    /** A sender with a pool of {@value #READ_BUFFERS} buffers of the filer's default chunk size, one kept. */
    ResponseStream() {
        long buffer = (long) FilerConfig.DEFAULT_CHUNK_SIZE + DirectChunkPool.MIN_POOLED;
        this.buffers = new DirectChunkPool(buffer, READ_BUFFERS * buffer, BUFFER_WAIT);
    }

    /**
     * Sends the answer's head and exactly {@code length} bytes of {@code read}, and ends it.
     *
     * @throws IOException when the source fails or ends early, the client goes away, or the request was
     *                     answered already (a broken body framing, on the event loop)
     * @throws io.hayloft.s3.filer.FilerException when the filer fails before the first byte (the answer can
     *                     still be an error)
     */
    void send(FilerRead read, long length, S3Exchange ex) throws IOException {
        S3Response answer = ex.response;
        if (length <= 0) {
            answer.end();
            return;
        }
        if (length <= PIECE) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream((int) length);
            read.writeTo(all);
            if (all.size() != length) {
                throw new IOException("the filer sent " + all.size() + " of " + length + " bytes");
            }
            // wrapped, not copied again (Buffer.buffer(byte[]) copies)
            answer.end(BufferInternal.buffer(Unpooled.wrappedBuffer(all.toByteArray())));
            return;
        }
        ResponseOutputStream out = new ResponseOutputStream(ex.request.response(), buffers,
                () -> answer.startBody(Buffer.buffer(), r -> { }));
        read.writeTo(out);
        out.close();
    }
}
