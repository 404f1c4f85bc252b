package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.FileChunk;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Splits a stream into fixed-size chunks and stores each as a blob, up to {@code parallelism}
 * uploads at a time. At most {@code parallelism + 1} chunk buffers exist at once, reused from chunk to
 * chunk ({@link ChunkBuffers}): the next chunk is received while earlier ones are stored, and read only
 * when a buffer is free, so a stream of any length runs in bounded memory. Up to {@code spareBytes} of
 * those buffers are kept between uploads for the next ones ({@link SpareChunkArrays}).
 *
 * <p>Thread-safe (no shared mutable state); {@link #write} blocks until every upload finished.
 */
public final class ChunkWriter {
    private final BlobStore blobs;
    private final Clock clock;
    private final int parallelism;
    private final BufferedBytes buffered;
    private final SpareChunkArrays spares;

    /** @param parallelism how many chunk uploads may run at once, at least 1 */
    public ChunkWriter(BlobStore blobs, Clock clock, int parallelism) {
        this(blobs, clock, parallelism, new BufferedBytes());
    }

    /**
     * @param parallelism how many chunk uploads may run at once, at least 1
     * @param buffered    counts the chunk buffers this writer holds
     */
    public ChunkWriter(BlobStore blobs, Clock clock, int parallelism, BufferedBytes buffered) {
        this(blobs, clock, parallelism, buffered, 0);
    }

    /**
     * @param parallelism how many chunk uploads may run at once, at least 1
     * @param buffered    counts the chunk buffers this writer holds, the ones kept between uploads too
     * @param spareBytes  the most bytes of chunk buffers kept between uploads for the next ones
     *                    ({@link SpareChunkArrays}), at least 0; they stay counted in {@code buffered}
     */
    public ChunkWriter(BlobStore blobs, Clock clock, int parallelism, BufferedBytes buffered, long spareBytes) {
        HayloftException.checkArgument(parallelism >= 1, "chunk upload parallelism must be at least 1");
        this.blobs = blobs;
        this.clock = clock;
        this.parallelism = parallelism;
        this.buffered = buffered;
        this.spares = new SpareChunkArrays(spareBytes, buffered);
    }

    /** Bytes of chunk buffers kept between uploads now. */
    public long spareBytes() {
        return spares.spareBytes();
    }

    /**
     * Reads {@code in} to its end and stores it as chunks of {@code chunkSize} bytes (the last may be
     * shorter; an empty stream gives no chunk).
     *
     * @param name     the file name stored with each blob
     * @param assigned told each chunk's fid before the chunk is uploaded (see {@link BlobStore#write}); it
     *                 may be called from several threads at once
     * @return the chunks in offset order
     * @throws UploadAbortedException when reading {@code in} or storing a chunk failed; it lists the
     *                                chunks already stored. Reading failures are BAD_REQUEST (the
     *                                client's body broke), storage failures keep their code.
     */
    public List<FileChunk> write(InputStream in, int chunkSize, String name, String mime, StoragePolicy policy,
                                 Consumer<FileId> assigned) {
        return write(in, chunkSize, name, mime, policy, assigned, null, false);
    }

    /**
     * {@link #write(InputStream, int, String, String, StoragePolicy, Consumer)} that also feeds the bytes
     * read, in order, to {@code digest} (when not null): all of them, or with {@code firstChunkOnly} only
     * the first chunk's (a caller that needs the digest only when the stream fits in one chunk: a digest of
     * a whole large stream costs more CPU than everything else a write does). The digest runs on its own
     * thread while the next chunk is received and earlier ones are stored, so it adds CPU but little
     * wall-clock time; it has seen the whole stream, or the first chunk, when this returns normally.
     *
     * <p>The pipeline: the caller's thread receives chunk N+1 into a pooled buffer ({@link ChunkBuffers},
     * {@code parallelism + 1} of them) while up to {@code parallelism} earlier chunks are stored and the
     * digest catches up; a buffer goes back to the pool once its chunk is both stored and digested.
     */
    public List<FileChunk> write(InputStream in, int chunkSize, String name, String mime, StoragePolicy policy,
                                 Consumer<FileId> assigned, MessageDigest digest, boolean firstChunkOnly) {
        HayloftException.checkArgument(chunkSize >= 1, "chunk size must be at least 1 byte");
        List<Future<FileChunk>> pending = new ArrayList<>();
        Semaphore storing = new Semaphore(parallelism);
        Throwable failure = null;
        try (ChunkBuffers pool = new ChunkBuffers(chunkSize, parallelism + 1, buffered, spares)) {
            try (ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();
                 ExecutorService digests = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory())) {
                long offset = 0;
                while (failure == null) {
                    byte[] buffer = pool.take();
                    int n;
                    try {
                        n = in.readNBytes(buffer, 0, chunkSize);
                    } catch (IOException | RuntimeException e) {
                        pool.give(buffer);
                        failure = e;
                        break;
                    }
                    if (n == 0) {
                        pool.give(buffer);
                        break;
                    }
                    long chunkOffset = offset;
                    offset += n;
                    boolean digested = digest != null && (chunkOffset == 0 || !firstChunkOnly);
                    AtomicInteger users = new AtomicInteger(digested ? 2 : 1);
                    Runnable done = () -> {
                        if (users.decrementAndGet() == 0) {
                            pool.give(buffer);
                        }
                    };
                    if (digested) {
                        digests.execute(() -> {
                            try {
                                digest.update(buffer, 0, n);
                            } finally {
                                done.run();
                            }
                        });
                    }
                    pending.add(uploads.submit(() -> {
                        storing.acquireUninterruptibly();
                        try {
                            return store(buffer, n, chunkOffset, name, mime, policy, assigned);
                        } finally {
                            storing.release();
                            done.run();
                        }
                    }));
                    failure = firstFailure(pending);
                    if (n < chunkSize) {
                        break;
                    }
                }
            } // waits for every upload and digest: the pool's buffers are all back
        }
        List<FileChunk> chunks = new ArrayList<>(pending.size());
        List<FileId> stored = new ArrayList<>();
        for (Future<FileChunk> f : pending) {
            try {
                FileChunk c = f.get();
                chunks.add(c);
                stored.add(c.fid());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw aborted(failure, stored);
        }
        return chunks;
    }

    private FileChunk store(byte[] buffer, int length, long offset, String name, String mime, StoragePolicy policy,
                            Consumer<FileId> assigned) {
        StoredBlob blob = blobs.write(buffer, length, name, mime, policy, assigned);
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return new FileChunk(blob.fid(), offset, length, nanos, blob.eTag());
    }

    /** The failure of an upload that already finished badly, or null. */
    private static Throwable firstFailure(List<Future<FileChunk>> pending) {
        for (Future<FileChunk> f : pending) {
            if (f.state() == Future.State.FAILED) {
                return f.exceptionNow();
            }
        }
        return null;
    }

    private static UploadAbortedException aborted(Throwable failure, List<FileId> stored) {
        if (failure instanceof HayloftException he) {
            return new UploadAbortedException(he.code(), he.getMessage(), he, stored);
        }
        if (failure instanceof IOException) {
            return new UploadAbortedException(ErrorCode.BAD_REQUEST,
                    "cannot read the request body: " + failure.getMessage(), failure, stored);
        }
        return new UploadAbortedException(ErrorCode.INTERNAL, "chunk upload failed: " + failure, failure, stored);
    }
}
