package io.hayloft.s3.filer;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.FilerServices;
import io.hayloft.filer.chunk.FileUploader;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Listing;
import io.hayloft.http.ByteRange;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The filer by method call, for a gateway in the filer's own process ({@code hayloft server}): the
 * namespace, uploader and chunk reader its HTTP handlers call ({@link FilerServices}), with no loopback
 * request, JSON or second copy of the bytes in between.
 *
 * <p>It does what the filer's HTTP API does for the same call, so that nothing tells the two
 * {@link FilerAccess}es apart: a write's MIME type is kept unless it is empty,
 * {@code application/octet-stream} or {@code application/x-www-form-urlencoded} (the filer's rule), user
 * metadata become the entry's extended attributes as {@code Seaweed-*} headers would, the collection is
 * the caller's over the path's rule over the filer's defaults, and so is the chunk size; a range is
 * resolved as a {@code Range} header is. A {@link HayloftException} becomes a {@link FilerException} with
 * the status the HTTP API answers for its code (404, 409, 400, 416, 5xx), any other failure of the filer
 * a 500; a write whose body breaks, or ends before or runs past {@code length}, fails with status 0 as
 * the HTTP client's send does, with the body's failure as the cause. Two differences, neither reachable
 * from S3: reading a directory is refused (400) where HTTP would answer its listing page, and a
 * {@code multipart/form-data} content type is stored as it is where HTTP would parse the body as a form.
 *
 * <p>A write whose body must be checked is checked between storing and committing it
 * ({@link #checksBeforeCommit()}), so it is one commit where HTTP needs a staging file and a rename.
 *
 * <p>Thread-safe; every call blocks (the filer's services do), so call from virtual threads. A read of a
 * chunked file streams from a virtual thread of its own through a bounded queue ({@link PipedRange}).
 */
public final class InProcessFilerAccess implements FilerAccess {
    /** The largest listing page the filer's HTTP API serves. */
    static final int MAX_LIST_LIMIT = 10_000;

    private final FilerServices filer;

    /** @param filer the services of a filer running in this process ({@code FilerServer.services()}) */
    public InProcessFilerAccess(FilerServices filer) {
        this.filer = filer;
    }

    @Override
    public java.util.List<String> masters() {
        return filer.masters();
    }

    /** "in this process". */
    @Override
    public String describe() {
        return "in this process";
    }

    @Override
    public Optional<FilerEntry> find(String path) {
        return call("look up " + path, () -> filer.namespace().find(FullPath.parse(path))
                .map(InProcessFilerAccess::entry));
    }

    @Override
    public FilerPage list(String directory, String start, boolean inclusive, int limit) {
        return call("list " + directory, () -> {
            HayloftException.checkArgument(limit >= 1 && limit <= MAX_LIST_LIMIT,
                    "limit must be 1.." + MAX_LIST_LIMIT + ", got " + limit);
            Listing listing = filer.namespace().list(FullPath.parse(directory), start, inclusive, limit);
            return new FilerPage(listing.entries().stream().map(InProcessFilerAccess::entry).toList(),
                    listing.hasMore());
        });
    }

    @Override
    public void mkdirs(String directory) {
        call("create directory " + directory, () -> filer.namespace().mkdirs(FullPath.parse(directory)));
    }

    @Override
    public Written write(String path, InputStream body, long length, WriteOptions options) {
        return write(path, body, length, options, md5 -> { });
    }

    /** True: the filer's uploader runs the check between storing a body and committing it. */
    @Override
    public boolean checksBeforeCommit() {
        return true;
    }

    @Override
    public Written write(String path, InputStream body, long length, WriteOptions options, Consumer<String> check) {
        ExactLengthStream content = new ExactLengthStream(length == 0 ? InputStream.nullInputStream() : body,
                length);
        AtomicReference<RuntimeException> refused = new AtomicReference<>();
        Consumer<Entry> beforeCommit = file -> {
            // a body whose stream failed is never committed, whatever the uploader made of the failure
            HayloftException.checkArgument(content.failure() == null, "the body broke");
            try {
                check.accept(file.md5());
            } catch (RuntimeException e) {
                refused.set(e);
                throw e;
            }
        };
        try {
            return call("write " + path, () -> {
                FullPath target = FullPath.parse(path);
                FileUploader.Upload upload = new FileUploader.Upload(target, mime(options.contentType()),
                        filer.policy(target, options.collection()), filer.chunkSize(target), options.metadata(),
                        true);
                Entry stored = filer.uploader().upload(upload, content, beforeCommit);
                return new Written(stored.size(), stored.md5());
            });
        } catch (FilerException e) {
            if (refused.get() != null) {
                throw refused.get();
            }
            Throwable broken = content.failure();
            if (broken != null) {
                throw new FilerException("cannot send the body of " + path + " to the filer: " + broken.getMessage(),
                        broken);
            }
            throw e;
        }
    }

    /** True: the namespace updates an entry's metadata in one commit. */
    @Override
    public boolean updatesMetadata() {
        return true;
    }

    @Override
    public FilerEntry updateMetadata(String path, UnaryOperator<Map<String, String>> change) {
        AtomicReference<RuntimeException> refused = new AtomicReference<>();
        try {
            return call("update the metadata of " + path, () -> entry(filer.namespace().updateExtended(
                    FullPath.parse(path), old -> {
                        try {
                            return change.apply(old);
                        } catch (RuntimeException e) {
                            refused.set(e);
                            throw e;
                        }
                    })));
        } catch (FilerException e) {
            if (refused.get() != null) {
                throw refused.get();
            }
            throw e;
        }
    }

    @Override
    public Written compose(String path, java.util.List<String> sources, WriteOptions options) {
        return call("compose " + path, () -> {
            FullPath target = FullPath.parse(path);
            Entry stored = filer.uploader().compose(new FileUploader.Composition(target,
                    sources.stream().map(FullPath::parse).toList(), mime(options.contentType()),
                    filer.policy(target, options.collection()), filer.chunkSize(target), options.metadata()));
            return new Written(stored.size(), "");
        });
    }

    @Override
    public void rename(String from, String to) {
        call("move " + from + " to " + to,
                () -> filer.namespace().rename(FullPath.parse(from), FullPath.parse(to)));
    }

    @Override
    public boolean delete(String path, boolean recursive) {
        try {
            call("delete " + path, () -> filer.namespace().delete(FullPath.parse(path), recursive));
            return true;
        } catch (FilerException e) {
            if (e.status() == ErrorCode.NOT_FOUND.httpStatus()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public FilerRead read(String path, long offset, long length) {
        return open(path, offset, length, false);
    }

    /** A read of a chunked file writes on the caller's thread into the output it is given. */
    @Override
    public FilerRead readDirect(String path, long offset, long length) {
        return open(path, offset, length, true);
    }

    private FilerRead open(String path, long offset, long length, boolean direct) {
        return call("read " + path, () -> {
            Entry file = filer.namespace().lookup(FullPath.parse(path));
            HayloftException.checkArgument(!file.directory(), path + " is a directory, not a file");
            String header = offset > 0 || length >= 0
                    ? "bytes=" + offset + "-" + (length >= 0 ? Long.toString(offset + length - 1) : "") : null;
            Optional<ByteRange> range;
            try {
                range = ByteRange.parse(header, file.size());
            } catch (ByteRange.Unsatisfiable e) {
                throw new FilerException(416, "read " + path + ": range " + header + " lies outside its "
                        + file.size() + " bytes");
            }
            long start = range.map(ByteRange::start).orElse(0L);
            long n = range.map(ByteRange::length).orElse(file.size());
            String eTag = "\"" + file.eTag() + "\"";
            if (file.isInline() || n == 0) {
                return new FilerRead(new ByteArrayInputStream(file.content(), (int) start, (int) n), n, eTag);
            }
            if (direct) {
                return FilerRead.written(out -> readChunks(file, start, n, out), n, eTag);
            }
            PipedRange pipe = PipedRange.start("s3-read " + path, out -> filer.reader().read(file, start, n, out));
            return new FilerRead(pipe, n, eTag);
        });
    }

    /**
     * The chunk reader's {@code read} with its failures as {@link #call} maps them, but for a failure to write
     * to {@code out}, which stays the {@link java.io.UncheckedIOException} it is (the client, not the filer).
     */
    private void readChunks(Entry file, long start, long n, java.io.OutputStream out) {
        try {
            filer.reader().read(file, start, n, out);
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (HayloftException e) {
            throw new FilerException(e.code().httpStatus(), "read " + file.path() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new FilerException(500, "read " + file.path() + ": " + e, e);
        }
    }

    /** The filer's MIME rule for a write's {@code Content-Type}. */
    static String mime(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        if (contentType.isBlank() || lower.startsWith("application/octet-stream")
                || lower.startsWith("application/x-www-form-urlencoded")) {
            return "";
        }
        return contentType.trim();
    }

    static FilerEntry entry(Entry e) {
        return new FilerEntry(e.path().value(), e.directory(), e.size(), e.mtime(), e.mime(), e.eTag(), e.extended(),
                e.isInline() && e.size() > 0 ? e.content() : null);
    }

    /** Runs {@code action}, turning the filer's failures into the {@link FilerException}s HTTP would give. */
    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (FilerException e) {
            throw e;
        } catch (HayloftException e) {
            throw new FilerException(e.code().httpStatus(), what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new FilerException(500, what + ": " + e, e);
        }
    }
}
