package io.hayloft.s3.filer;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the gateway asks of the filer: look up, list, make directories, write a stream, rename, delete,
 * read a range. Two ways to it: {@link HttpFilerAccess}, the filer's HTTP API through the one filer client (a gateway of its own,
 * {@code hayloft s3 -filer host:port}), and {@link InProcessFilerAccess}, the filer's own services by
 * method call (the gateway of {@code hayloft server}, in the filer's process). Both store the same
 * entries (MIME type, user metadata, MD5) and refuse the same calls with the same statuses, so objects
 * written one way read the other way and through the filer's HTTP API.
 *
 * <p>Implementations are thread-safe; every call blocks, so call from virtual threads. Failures are
 * {@link FilerException}s carrying the status the filer's HTTP API answers for them (404 missing, 409 a
 * file where a directory is needed or the reverse, 400 a call that can never succeed, 5xx the filer or
 * its volume servers failed), or 0 when the filer cannot be reached or the body given to
 * {@link #write} broke.
 */
public interface FilerAccess {
    /** What a write stores besides the bytes. */
    record WriteOptions(String contentType, Map<String, String> metadata, String collection) {
        public WriteOptions {
            contentType = contentType == null ? "" : contentType;
            metadata = Map.copyOf(metadata);
            collection = collection == null ? "" : collection;
        }
    }

    /** The filer's answer to a write: the stored size and MD5 (hex). */
    record Written(long size, String md5) {
    }

    /**
     * How this access's calls to other roles travel, when it has a client of its own (the HTTP path's
     * transport, Vert.x for {@code hayloft s3}), so the gateway's calls to masters go the same way;
     * empty in the filer's process.
     */
    default Optional<io.hayloft.api.wire.HttpTransport> transport() {
        return Optional.empty();
    }

    /** Where this reaches the filer, for logs: its {@code host:port}, or that it is in this process. */
    String describe();

    /**
     * The masters the filer writes through ({@code host:port}), so the gateway can drop a deleted
     * bucket's collection there.
     *
     * @throws FilerException when the filer cannot say
     */
    java.util.List<String> masters();

    /** The entry at {@code path}, or empty when there is none. */
    Optional<FilerEntry> find(String path);

    /**
     * A page of {@code directory}'s children in name order.
     *
     * @param start     list after this name ({@code inclusive}: from it); empty for the beginning
     * @param limit     1..10000
     * @throws FilerException status 404 when the directory does not exist, 400 when it is a file
     */
    FilerPage list(String directory, String start, boolean inclusive, int limit);

    /**
     * Creates {@code directory} and its parents (nothing when it exists).
     *
     * @throws FilerException status 409 when it or a parent is a file
     */
    void mkdirs(String directory);

    /**
     * Stores {@code body} at {@code path}, replacing any file there; the filer commits it only once the
     * whole body arrived.
     *
     * @param length the body's length, or -1 when unknown; a body that ends sooner or runs longer fails
     *               the write (status 0) and stores nothing
     * @throws FilerException status 409 when the path is a directory or a parent is a file, 0 when
     *                        reading {@code body} failed
     */
    Written write(String path, InputStream body, long length, WriteOptions options);

    /**
     * Whether {@link #write(String, InputStream, long, WriteOptions, Consumer)} can judge a body before it
     * is committed. When not, a caller that must check a body stores it elsewhere first and renames it
     * into place once checked (two commits instead of one).
     */
    default boolean checksBeforeCommit() {
        return false;
    }

    /**
     * {@link #write(String, InputStream, long, WriteOptions)} that hands {@code check} the stored body's MD5
     * (hex) once the whole body is stored, and commits the file only when {@code check} returns normally:
     * when it throws, whatever was at {@code path} stays as it was, and its exception is thrown as it is.
     *
     * @throws UnsupportedOperationException when {@link #checksBeforeCommit()} is false
     */
    default Written write(String path, InputStream body, long length, WriteOptions options, Consumer<String> check) {
        throw new UnsupportedOperationException(describe() + " cannot check a body before its commit");
    }

    /**
     * Whether {@link #updateMetadata} can change an entry's metadata in place. When not, a caller
     * rewrites the file with its new metadata (a copy of its bytes), and a directory's metadata cannot
     * be changed at all.
     */
    default boolean updatesMetadata() {
        return false;
    }

    /**
     * Replaces the user metadata (extended attributes) of the entry at {@code path}, file or directory,
     * with what {@code change} makes of the current ones, atomically: bytes, chunks and modification time
     * stay as they are. {@code change} runs once, under the filer's mutation lock; when it throws, nothing
     * changes and its exception is thrown as it is.
     *
     * @return the updated entry
     * @throws FilerException status 404 when there is no entry at {@code path}
     * @throws UnsupportedOperationException when {@link #updatesMetadata()} is false
     */
    default FilerEntry updateMetadata(String path, UnaryOperator<Map<String, String>> change) {
        throw new UnsupportedOperationException(describe() + " cannot change metadata in place");
    }

    /**
     * Stores a file at {@code path} made of the {@code sources}' bytes, in order, without copying them (it
     * takes over their chunks) and removes the sources, atomically: how a multipart upload completes.
     *
     * @return the stored size; the MD5 is empty (not computed: the caller knows the ETag it wants)
     * @throws FilerException status 404 when a source is missing, 400 when one is a directory, 409 when
     *                        {@code path} cannot hold a file or a source changed meanwhile (nothing changed)
     */
    Written compose(String path, java.util.List<String> sources, WriteOptions options);

    /**
     * Moves the file {@code from} to {@code to} atomically, replacing a file there.
     *
     * @throws FilerException status 404 when {@code from} is missing, 409 when {@code to} is a directory
     *                        (or a file would be replaced by a directory) or a parent of it is a file
     */
    void rename(String from, String to);

    /**
     * Removes {@code path} ({@code recursive}: with its subtree).
     *
     * @return false when there was nothing there
     * @throws FilerException status 409 for a non-empty directory without {@code recursive}
     */
    boolean delete(String path, boolean recursive);

    /**
     * Opens the bytes {@code [offset, offset + length)} of the file at {@code path} ({@code length} -1:
     * to the end; a range past the end is cut at the end). Close the result.
     *
     * @throws FilerException status 404 when the file is gone, 416 when {@code offset} lies past its end
     */
    FilerRead read(String path, long offset, long length);

    /**
     * Opens the same bytes as {@link #read}, for a caller that writes them into an output
     * ({@link FilerRead#writeTo}) rather than reading a stream: in the filer's process the chunk reader then
     * writes into that output on the caller's thread, into the buffers it lends. The default is {@link #read}.
     *
     * @throws FilerException as {@link #read}; failures of the chunks themselves may come from
     *                        {@link FilerRead#writeTo} instead
     */
    default FilerRead readDirect(String path, long offset, long length) {
        return read(path, offset, length);
    }
}
