package io.hayloft.filer.http;

import io.hayloft.http.ResponseDrain;
import io.hayloft.filer.chunk.ChunkOutput;
import io.hayloft.filer.chunk.DirectChunkPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A Vert.x response body as a blocking {@link java.io.OutputStream} for a virtual thread, with backpressure:
 * writes are gathered into {@value #PIECE}-byte buffers and the writer waits while the connection's
 * write queue is full; a chunk read into a buffer this stream lent ({@link #lend}, direct) is sent as
 * it is, in {@value #SLICE}-byte slices, without a copy. Nothing is sent (so the status and headers can still
 * change) until the first piece is full or the stream is flushed; a {@link Head} given to the constructor
 * runs then, before the first byte goes out (the S3 gateway hands its answer's status and headers to Vert.x
 * there). {@link #close()} ends the response. Used by one thread.
 */
public final class ResponseOutputStream extends ChunkOutput {
    private static final int PIECE = 64 * 1024;
    /** Slices of a lent buffer: large enough to be cheap, small enough to keep the write queue short. */
    private static final int SLICE = 256 * 1024;
    /**
     * Bytes queued on the connection before the writer waits: enough that the socket stays busy while the
     * next chunk is read and checked (a lent chunk's slices queue without a copy, so this adds no memory
     * on that path; on the others it bounds the heap pieces in flight).
     */
    static final int WRITE_QUEUE_BYTES = 4 << 20;
    /** A client that reads nothing for this long is dropped. */

    private final HttpServerResponse response;
    private final DirectChunkPool chunkPool;
    private final Head head;
    private boolean started;
    private final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
    private byte[] piece = new byte[PIECE];
    private int filled;
    private boolean ended;
    private ByteBuf lent;
    /** The pool's buffer behind {@link #lent}, or null when {@code lent} is Netty's (counted in the pool). */
    private ByteBuffer lentPooled;
    /** The pool's buffer of the last {@link #writeLent}, while its slices may still be queued; or null. */
    private Sending sending;

    /**
     * A pooled buffer whose slices are queued on the connection: given back to the pool once the last one
     * left, unless this stream claimed it first to read its next chunk into (when the pool is at its limit).
     */
    private final class Sending {
        private final ByteBuffer pooled;
        private final CompletableFuture<Void> sent = new CompletableFuture<>();
        private boolean claimed;
        private boolean done;

        private Sending(ByteBuffer pooled) {
            this.pooled = pooled;
        }

        /** The last slice left (or failed): back to the pool unless claimed. Any thread. */
        private void finished() {
            boolean giveBack;
            synchronized (this) {
                done = true;
                giveBack = !claimed;
            }
            if (giveBack) {
                chunkPool.give(pooled);
            }
            sent.complete(null);
        }

        /** Claims the buffer for this stream's next chunk: false when it already went back to the pool. */
        private boolean claim() {
            synchronized (this) {
                if (done) {
                    return false;
                }
                claimed = true;
                return true;
            }
        }
    }

    /** What must happen before the first byte of the body is written (the response's head sent by its owner). */
    @FunctionalInterface
    public interface Head {
        /** Runs once, on the writing thread; a failure stops the write and is thrown by it. */
        void send() throws IOException;
    }

    /** @param chunkPool where buffers of a chunk's size are lent from (and go back to once sent) */
    ResponseOutputStream(HttpServerResponse response, DirectChunkPool chunkPool) {
        this(response, chunkPool, () -> { });
    }

    /**
     * A body for {@code response} whose head {@code head} sends (before the first byte; Vert.x writes the head
     * with the first byte when {@code head} does nothing).
     *
     * @param chunkPool where buffers of a chunk's size are lent from (and go back to once sent)
     */
    public ResponseOutputStream(HttpServerResponse response, DirectChunkPool chunkPool, Head head) {
        this.response = response;
        this.chunkPool = chunkPool;
        this.head = head;
        response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        response.closeHandler(v -> connectionClosed.complete(null));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, PIECE - filled);
            System.arraycopy(b, off, piece, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == PIECE) {
                send();
            }
        }
    }

    /**
     * A direct buffer, so the chunk goes from the file to the socket: of a chunk's size from the filer's
     * {@link DirectChunkPool} (reused, not zeroed), smaller from Netty's pooled allocator and counted in the
     * pool. When the pool is at its limit, the buffer of this stream's previous chunk is reused once its
     * last slice left, so a download that got its first buffer never waits for another's; only a new one
     * waits for room (and gets UNAVAILABLE if none comes back in time).
     *
     * @throws io.hayloft.api.HayloftException UNAVAILABLE when the pool had no room in time
     */
    @Override
    public ByteBuffer lend(int size) {
        reclaim();
        if (size > chunkPool.limitBytes() / 2) {
            return super.lend(size); // a chunk far above the filer's own size (an upload's maxMB): on the heap, copied
        }
        if (size >= DirectChunkPool.MIN_POOLED) {
            ByteBuffer pooled = chunkPool.tryTake(size);
            if (pooled == null) {
                pooled = reuseSent(size);
            }
            if (pooled == null) {
                pooled = chunkPool.take(size);
            }
            lentPooled = pooled.clear().limit(size);
            lent = Unpooled.wrappedBuffer(lentPooled); // indexes 0..size of the pooled buffer, no copy
            return lentPooled;
        }
        chunkPool.reserve(size);
        lent = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        return lent.nioBuffer(0, size);
    }

    /** The previous chunk's buffer once its slices left, if it is large enough and still this stream's; else null. */
    private ByteBuffer reuseSent(int size) {
        Sending previous = sending;
        sending = null;
        if (previous == null || previous.pooled.capacity() < size || !previous.claim()) {
            return null;
        }
        previous.sent.join(); // completes when the last slice is written or the connection fails
        return previous.pooled;
    }

    /**
     * Sends the lent buffer's bytes in {@value #SLICE}-byte slices of it, without a copy; the buffer is
     * freed once the last slice left (or the connection failed). Vert.x never releases a foreign
     * ByteBuf it writes, so the release hangs on the last write's completion.
     */
    @Override
    public void writeLent(ByteBuffer data) throws IOException {
        if (lent == null && !data.isDirect()) {
            super.writeLent(data); // lent from the heap by ChunkOutput
            return;
        }
        ByteBuf buf = lent;
        ByteBuffer pooled = lentPooled;
        lent = null;
        lentPooled = null;
        if (buf == null) {
            throw new IllegalStateException("no buffer was lent");
        }
        Future<Void> last = null;
        try {
            flush();
            for (int pos = data.position(), end = data.limit(); pos < end; pos += SLICE) {
                checkOpen();
                last = response.write(BufferInternal.buffer(buf.slice(pos, Math.min(SLICE, end - pos))));
                if (response.writeQueueFull()) {
                    awaitDrain();
                }
            }
        } finally {
            if (last == null) {
                giveBack(buf, pooled);
            } else if (pooled == null) {
                last.onComplete(done -> giveBack(buf, null));
            } else {
                Sending s = new Sending(pooled);
                sending = s;
                last.onComplete(done -> s.finished());
            }
        }
    }

    @Override
    public void reclaim() {
        if (lent != null) {
            giveBack(lent, lentPooled);
            lent = null;
            lentPooled = null;
        }
    }

    private void giveBack(ByteBuf buf, ByteBuffer pooled) {
        if (pooled != null) {
            chunkPool.give(pooled);
        } else {
            int size = buf.capacity();
            buf.release();
            chunkPool.unreserve(size);
        }
    }

    @Override
    public void flush() throws IOException {
        if (filled > 0) {
            send();
        }
    }

    /** Sends what is buffered and ends the response. Idempotent. */
    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        flush();
        start(); // an empty body still sends its head
        ended = true;
        response.end();
    }

    private void send() throws IOException {
        Buffer buffer = BufferInternal.buffer(Unpooled.wrappedBuffer(piece, 0, filled));
        piece = new byte[PIECE];
        filled = 0;
        send(buffer);
    }

    /** Runs the head once, before anything is written. */
    private void start() throws IOException {
        if (!started) {
            started = true;
            head.send();
        }
    }

    private void checkOpen() throws IOException {
        start();
        if (connectionClosed.isDone() || response.closed()) {
            throw new IOException("the client closed the connection");
        }
    }

    private void send(Buffer buffer) throws IOException {
        checkOpen();
        response.write(buffer);
        if (response.writeQueueFull()) {
            awaitDrain();
        }
    }

    private void awaitDrain() throws IOException {
        ResponseDrain.await(response, connectionClosed);
    }
}
