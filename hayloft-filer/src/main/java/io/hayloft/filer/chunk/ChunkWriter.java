package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.FileChunk;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Splits a stream into fixed-size chunks and stores each as a blob, up to {@code parallelism}
 * uploads at a time. At most {@code parallelism + 1} chunk buffers exist at once: the next chunk is
 * read only when an upload slot is free, so a stream of any length runs in bounded memory.
 *
 * <p>Thread-safe (no shared mutable state); {@link #write} blocks until every upload finished.
 */
public final class ChunkWriter {
    private final BlobStore blobs;
    private final Clock clock;
    private final int parallelism;
    private final BufferedBytes buffered;

    /** @param parallelism how many chunk uploads may run at once, at least 1 */
    public ChunkWriter(BlobStore blobs, Clock clock, int parallelism) {
        this(blobs, clock, parallelism, new BufferedBytes());
    }

    /**
     * @param parallelism how many chunk uploads may run at once, at least 1
     * @param buffered    counts the chunk buffers this writer holds
     */
    public ChunkWriter(BlobStore blobs, Clock clock, int parallelism, BufferedBytes buffered) {
        HayloftException.checkArgument(parallelism >= 1, "chunk upload parallelism must be at least 1");
        this.blobs = blobs;
        this.clock = clock;
        this.parallelism = parallelism;
        this.buffered = buffered;
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
        HayloftException.checkArgument(chunkSize >= 1, "chunk size must be at least 1 byte");
        Semaphore slots = new Semaphore(parallelism);
        List<Future<FileChunk>> pending = new ArrayList<>();
        Throwable failure = null;
        try (ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor()) {
            long offset = 0;
            while (failure == null) {
                slots.acquireUninterruptibly();
                byte[] data;
                try {
                    data = readChunk(in, chunkSize);
                } catch (IOException e) {
                    slots.release();
                    failure = e;
                    break;
                }
                if (data.length == 0) {
                    slots.release();
                    break;
                }
                long chunkOffset = offset;
                offset += data.length;
                pending.add(uploads.submit(() -> {
                    try {
                        return store(data, chunkOffset, name, mime, policy, assigned);
                    } finally {
                        buffered.release(data.length);
                        slots.release();
                    }
                }));
                failure = firstFailure(pending);
                if (data.length < chunkSize) {
                    break;
                }
            }
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

    private FileChunk store(byte[] data, long offset, String name, String mime, StoragePolicy policy,
                            Consumer<FileId> assigned) {
        StoredBlob blob = blobs.write(data, name, mime, policy, assigned);
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return new FileChunk(blob.fid(), offset, data.length, nanos, blob.eTag());
    }

    /** The next chunk, counted in {@link #buffered} until its upload ends (released here if reading fails). */
    private byte[] readChunk(InputStream in, int chunkSize) throws IOException {
        buffered.hold(chunkSize);
        int n;
        byte[] buffer;
        try {
            buffer = new byte[chunkSize];
            n = in.readNBytes(buffer, 0, chunkSize);
        } catch (IOException | RuntimeException e) {
            buffered.release(chunkSize);
            throw e;
        }
        if (n == chunkSize) {
            return buffer;
        }
        buffered.hold(n); // the short last chunk is copied out of the full-size buffer
        buffered.release(chunkSize);
        return Arrays.copyOf(buffer, n);
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
