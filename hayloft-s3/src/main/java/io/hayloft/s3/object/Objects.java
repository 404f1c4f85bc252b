package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerRead;
import io.hayloft.s3.xml.TagSet;
import java.io.InputStream;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Objects as filer files: key {@code k} of bucket {@code b} is {@code /buckets/b/k}, written to
 * collection {@code b}; user metadata is stored as the entry's extended attributes
 * ({@code x-amz-meta-*}), the ETag is the MD5 the filer computes while it stores the bytes.
 *
 * <p>A write whose body must be checked (Content-MD5, a signed SHA-256, chunk signatures, checksums)
 * is checked before the filer commits it when the filer can ({@link FilerAccess#checksBeforeCommit()}:
 * in its process); otherwise it goes to a staging file under {@value #STAGING} first and is renamed onto
 * its key only once the check passed. Either way a refused upload changes nothing; a deleted key takes
 * its emptied parent directories with it, so listings show no leftover "folders".
 *
 * <p>In a versioned bucket ({@link VersioningStatus}) the file at the key is the current version, tagged
 * with its id ({@code s3-version-id}); a write is always staged, then, under the key's lock
 * ({@link KeyLocks}), the current file is moved among the noncurrent versions ({@link VersionStore}) and
 * the staged one renamed onto the key. A delete moves the current file away and writes a delete marker;
 * deleting the current version by id brings the newest older version back, unless that is a delete
 * marker. "Folder" keys (ending in {@code /}) are never versioned: they are their {@code null} version.
 *
 * <p>Thread-safe; every method blocks on the filer (virtual threads). Failures are {@link S3Exception}s.
 */
public final class Objects {
    /** Where uploads that are still being checked live (outside every bucket). */
    public static final String STAGING = "/.s3-staging";
    /** Extended attribute holding an ETag that is not the content's MD5 (a multipart object's). */
    public static final String ETAG_ATTRIBUTE = "s3-etag";
    /** Extended attribute holding the object's tags in URL query form ({@link TagSet#toQuery()}). */
    public static final String TAGS_ATTRIBUTE = "s3-tagging";
    /** Extended attribute holding a multipart object's part sizes, comma-separated, in order. */
    public static final String PARTS_ATTRIBUTE = "s3-parts";
    /** An object's retention mode (object lock), kept and answered as this header. */
    public static final String LOCK_MODE = "x-amz-object-lock-mode";
    /** An object's retain-until date (object lock), kept and answered as this header. */
    public static final String LOCK_RETAIN_UNTIL = "x-amz-object-lock-retain-until-date";
    /** An object's legal hold ({@code ON}/{@code OFF}), kept and answered as this header. */
    public static final String LOCK_LEGAL_HOLD = "x-amz-object-lock-legal-hold";
    /** The extended attribute holding an object's ACL when it is not the bucket owner's full control. */
    public static final String ACL_ATTRIBUTE = "s3-acl";
    /**
     * Request headers an object keeps and answers on GET and HEAD as it got them, lower case (stored as
     * extended attributes of these names).
     */
    public static final java.util.Set<String> STORED_HEADERS = java.util.Set.of("cache-control", "expires",
            "content-disposition", "content-encoding", "content-language", LOCK_MODE, LOCK_RETAIN_UNTIL, LOCK_LEGAL_HOLD);
    /** The prefix of user metadata names, lower case. */
    public static final String META_PREFIX = "x-amz-meta-";
    /**
     * The Content-Type of an object stored without one (the filer keeps none for
     * {@code application/octet-stream}, what SDKs send by default).
     */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    private final FilerAccess filer;
    private final Buckets buckets;
    private final VersionStore versions;
    private final VersionIds versionIds;
    private final KeyLocks locks = new KeyLocks();

    /** @param clock stamps version ids (and so orders versions) */
    public Objects(FilerAccess filer, Buckets buckets, java.time.Clock clock) {
        this.filer = filer;
        this.buckets = buckets;
        this.versions = new VersionStore(filer);
        this.versionIds = new VersionIds(clock);
    }

    /**
     * What a write stored.
     *
     * @param eTag      the object's ETag, quoted
     * @param versionId its version id ({@code null} text for the null version of a versioned bucket), or
     *                  null when the bucket was never versioned
     */
    public record Stored(String eTag, String versionId) {
    }

    /**
     * What a delete did.
     *
     * @param versionId    the version it removed or the delete marker it made, or null when the bucket was
     *                     never versioned and no version was named
     * @param deleteMarker true when it made a delete marker or removed one
     */
    public record Deleted(String versionId, boolean deleteMarker) {
    }

    /** One version of a key, as GET/HEAD/DELETE {@code ?versionId=} find it. */
    public record Version(ObjectInfo info, boolean deleteMarker) {
    }

    /** The filer path of {@code key} in {@code bucket}. */
    public static String path(String bucket, String key) {
        String k = ObjectKey.isFolder(key) ? key.substring(0, key.length() - 1) : key;
        return Buckets.directory(bucket) + "/" + k;
    }

    /**
     * What a PutObject stores besides the bytes.
     *
     * @param metadata user metadata ({@code x-amz-meta-*}) and the gateway's own attributes, stored as the
     *                 entry's extended attributes
     * @param tags     the object's tags
     */
    public record PutOptions(String contentType, Map<String, String> metadata, TagSet tags) {
        public PutOptions {
            contentType = contentType == null ? "" : contentType;
            metadata = Map.copyOf(metadata);
            tags = tags == null ? TagSet.EMPTY : tags;
        }

        public PutOptions(String contentType, Map<String, String> metadata) {
            this(contentType, metadata, TagSet.EMPTY);
        }

        /** The extended attributes to store: the metadata with the tags. */
        Map<String, String> extended() {
            if (tags.isEmpty()) {
                return metadata;
            }
            Map<String, String> out = new TreeMap<>(metadata);
            out.put(TAGS_ATTRIBUTE, tags.toQuery());
            return out;
        }
    }

    /**
     * Stores {@code body} as {@code key}.
     *
     * @param length the body's length (-1: unknown)
     * @param check  null when nothing is to be checked; otherwise run after the whole body was stored
     *               (given its MD5 hex), throwing to refuse it: the object is then left as it was
     * @return the stored object's ETag and version
     * @throws S3Exception NoSuchBucket, InvalidRequest (the key conflicts with a "folder"), what
     *                     {@code check} or the body's stream throws
     */
    public Stored put(String bucket, String key, InputStream body, long length, PutOptions options,
                      Consumer<String> check) {
        ObjectKey.check(key);
        buckets.require(bucket);
        String target = path(bucket, key);
        if (ObjectKey.isFolder(key)) {
            return new Stored(putFolder(target, body, check), null);
        }
        VersioningStatus status = buckets.versioning(bucket);
        try {
            requireNotAPrefix(target, key);
            if (status.versioned()) {
                return putVersion(bucket, key, (path, write) -> filer.write(path, body, length, write), options, check,
                        status);
            }
            FilerAccess.WriteOptions write = new FilerAccess.WriteOptions(options.contentType(), options.extended(),
                    bucket);
            if (check == null) {
                return new Stored(quote(filer.write(target, body, length, write).md5()), null);
            }
            if (filer.checksBeforeCommit()) {
                return new Stored(quote(filer.write(target, body, length, write, check).md5()), null);
            }
            String staging = STAGING + "/" + UUID.randomUUID();
            try {
                FilerAccess.Written written = filer.write(staging, body, length, write);
                check.accept(written.md5());
                filer.rename(staging, target);
                return new Stored(quote(written.md5()), null);
            } catch (RuntimeException e) {
                deleteQuietly(staging);
                throw e;
            }
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /**
     * Stores {@code key} made of the files {@code sources} (a multipart upload's parts) without copying their
     * bytes: the filer composes the object from their chunks and removes them ({@link FilerAccess#compose});
     * otherwise as {@link #put} (a versioned bucket gets a new version, the current one archived).
     *
     * @return the object's ETag as the filer derived it (the caller knows the one S3 wants) and its version
     * @throws S3Exception as {@link #put}; a source gone meanwhile is NoSuchUpload
     */
    public Stored putComposed(String bucket, String key, List<String> sources, PutOptions options) {
        ObjectKey.check(key);
        buckets.require(bucket);
        String target = path(bucket, key);
        VersioningStatus status = buckets.versioning(bucket);
        try {
            requireNotAPrefix(target, key);
            if (status.versioned()) {
                return putVersion(bucket, key, (path, write) -> filer.compose(path, sources, write), options, null,
                        status);
            }
            FilerAccess.WriteOptions write = new FilerAccess.WriteOptions(options.contentType(), options.extended(),
                    bucket);
            return new Stored(quote(filer.compose(target, sources, write).md5()), null);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_UPLOAD);
        }
    }

    /** Refuses a write of {@code key} where the filer holds a directory: other keys have it as their prefix. */
    private void requireNotAPrefix(String target, String key) {
        filer.find(target).filter(FilerEntry::directory).ifPresent(d -> {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "key '" + key + "' is a prefix of other keys"
                    + " (objects are stored as paths: 'a' and 'a/b' cannot both exist)");
        });
    }

    /** Stores an object's content at a filer path with the given options (a body written, or parts composed). */
    @FunctionalInterface
    private interface ContentWriter {
        FilerAccess.Written writeTo(String path, FilerAccess.WriteOptions options);
    }

    /** A write to a versioned bucket: staged and checked, then made current under the key's lock. */
    private Stored putVersion(String bucket, String key, ContentWriter content, PutOptions options,
                              Consumer<String> check, VersioningStatus status) {
        // the null version this write may replace sorts just below it among the noncurrent versions
        String nullName = versionIds.nextNullName();
        String versionId = status == VersioningStatus.ENABLED ? versionIds.next() : VersionIds.NULL;
        Map<String, String> extended = new TreeMap<>(options.extended());
        extended.keySet().removeIf(k -> k.equalsIgnoreCase(VersionStore.VERSION_ATTRIBUTE)
                || k.equalsIgnoreCase(VersionStore.DELETE_MARKER_ATTRIBUTE));
        if (status == VersioningStatus.ENABLED) {
            extended.put(VersionStore.VERSION_ATTRIBUTE, versionId);
        }
        String staging = STAGING + "/" + UUID.randomUUID();
        try {
            FilerAccess.Written written = content.writeTo(staging,
                    new FilerAccess.WriteOptions(options.contentType(), extended, bucket));
            if (check != null) {
                check.accept(written.md5());
            }
            String target = path(bucket, key);
            locks.with(bucket, key, () -> {
                Optional<FilerEntry> current = filer.find(target).filter(e -> !e.directory());
                String currentId = current.map(VersionStore::versionOf).orElse(VersionIds.NULL);
                if (status == VersioningStatus.ENABLED && !VersionIds.NULL.equals(currentId)
                        && currentId.compareTo(versionId) < 0) {
                    // a concurrent write made a newer version while this body was stored: it stays current
                    versions.file(bucket, key, staging, versionId);
                    return null;
                }
                if (current.isPresent() && (status == VersioningStatus.ENABLED || !VersionIds.NULL.equals(currentId))) {
                    versions.archive(bucket, key, current.get(), nullName);
                }
                if (status == VersioningStatus.SUSPENDED) {
                    versions.find(bucket, key, VersionIds.NULL).ifPresent(r -> versions.remove(bucket, key, r));
                }
                filer.rename(staging, target);
                return null;
            });
            return new Stored(quote(written.md5()), versionId);
        } catch (RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    private String putFolder(String target, InputStream body, Consumer<String> check) {
        try {
            S3Exception.check(body.read() < 0, S3ErrorCode.INVALID_REQUEST,
                    "a key ending in '/' is a folder and cannot hold data");
        } catch (java.io.IOException e) {
            throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "the body could not be read: " + e.getMessage());
        }
        if (check != null) {
            check.accept(EMPTY_MD5);
        }
        try {
            filer.mkdirs(target);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
        return quote(EMPTY_MD5);
    }

    /**
     * The object {@code key}.
     *
     * @throws S3Exception NoSuchBucket, NoSuchKey
     */
    public ObjectInfo head(String bucket, String key) {
        ObjectKey.check(key);
        try {
            FilerEntry e = filer.find(path(bucket, key)).orElse(null);
            if (e == null || e.directory() != ObjectKey.isFolder(key)) {
                buckets.require(bucket);
                throw new S3Exception(S3ErrorCode.NO_SUCH_KEY, "The specified key does not exist.");
            }
            return info(key, e);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_KEY);
        }
    }

    /**
     * The object {@code key}, or empty when there is none.
     *
     * @throws S3Exception NoSuchBucket
     */
    public java.util.Optional<ObjectInfo> find(String bucket, String key) {
        try {
            return java.util.Optional.of(head(bucket, key));
        } catch (S3Exception e) {
            if (e.code() == S3ErrorCode.NO_SUCH_KEY) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Version {@code versionId} of {@code key}: the current object when it is that version, else a
     * noncurrent version or delete marker. {@code null} names the null version (in a bucket never
     * versioned: the object itself).
     *
     * @throws S3Exception InvalidArgument for an id this gateway never makes, NoSuchBucket, NoSuchVersion
     */
    public Version version(String bucket, String key, String versionId) {
        ObjectKey.check(key);
        checkVersionId(versionId);
        try {
            Optional<FilerEntry> current = filer.find(path(bucket, key));
            if (current.isPresent() && current.get().directory() == ObjectKey.isFolder(key)
                    && VersionStore.versionOf(current.get()).equals(versionId)) {
                return new Version(info(key, current.get()), false);
            }
            if (!ObjectKey.isFolder(key)) {
                Optional<VersionStore.Record> record = versions.find(bucket, key, versionId);
                if (record.isPresent()) {
                    return new Version(info(key, record.get().entry()), record.get().deleteMarker());
                }
            }
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_VERSION);
        }
        buckets.require(bucket);
        throw new S3Exception(S3ErrorCode.NO_SUCH_VERSION, "The specified version does not exist.");
    }

    /**
     * The delete marker that hides {@code key} (its newest version, when there is no current object), or
     * empty.
     */
    public Optional<ObjectInfo> hidingDeleteMarker(String bucket, String key) {
        if (ObjectKey.isFolder(key)) {
            return Optional.empty();
        }
        try {
            return versions.newest(bucket, key).filter(VersionStore.Record::deleteMarker)
                    .map(r -> info(key, r.entry()));
        } catch (S3Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Checks that {@code versionId} is {@code null} or has the form of the ids this gateway makes.
     *
     * @throws S3Exception InvalidArgument otherwise
     */
    public static void checkVersionId(String versionId) {
        S3Exception.check(VersionIds.NULL.equals(versionId) || VersionIds.isWellFormed(versionId),
                S3ErrorCode.INVALID_ARGUMENT, "Invalid version id specified");
    }

    /**
     * Opens {@code length} bytes of {@code object} from {@code offset} (-1: to the end). Close the result.
     *
     * @throws S3Exception NoSuchKey when it was deleted since {@link #head}, ServiceUnavailable when it was
     *                     replaced since (its ETag changed) or the filer fails
     */
    public FilerRead read(String bucket, ObjectInfo object, long offset, long length) {
        return open(object, offset, length, false);
    }

    /**
     * As {@link #read}, for a caller that writes the bytes into an output ({@link FilerRead#writeTo}): in the
     * filer's process they go from the chunk reader into it directly ({@link FilerAccess#readDirect}).
     */
    public FilerRead readDirect(String bucket, ObjectInfo object, long offset, long length) {
        return open(object, offset, length, true);
    }

    private FilerRead open(ObjectInfo object, long offset, long length, boolean direct) {
        if (object.size() == 0) {
            return new FilerRead(InputStream.nullInputStream(), 0, object.eTag());
        }
        byte[] content = object.content();
        if (content != null && offset <= content.length) {
            // the bytes came with the lookup (a small file in the filer's process): no second lookup, and they
            // are the looked-up object's by construction
            int n = (int) (length < 0 ? content.length - offset : Math.min(length, content.length - offset));
            return new FilerRead(new java.io.ByteArrayInputStream(content, (int) offset, n), n, object.contentTag());
        }
        try {
            FilerRead read = direct ? filer.readDirect(object.path(), offset, length)
                    : filer.read(object.path(), offset, length);
            if (!read.eTag().isEmpty() && !read.eTag().equals(object.contentTag())) {
                read.close();
                throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "the object changed while it was read: retry");
            }
            return read;
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_KEY);
        }
    }

    /**
     * Deletes {@code key} (nothing when it does not exist, as S3 does), then its parent directories
     * that it left empty. In a versioned bucket, the current version becomes noncurrent and a delete
     * marker is written ({@code null} when versioning is suspended, replacing the null version).
     *
     * @throws S3Exception NoSuchBucket
     */
    public Deleted delete(String bucket, String key) {
        ObjectKey.check(key);
        VersioningStatus status = ObjectKey.isFolder(key) ? VersioningStatus.UNVERSIONED : buckets.versioning(bucket);
        if (status.versioned()) {
            return deleteVersioned(bucket, key, status);
        }
        String target = path(bucket, key);
        try {
            FilerEntry e = filer.find(target).orElse(null);
            if (e == null || e.directory() != ObjectKey.isFolder(key)) {
                buckets.require(bucket);
                return new Deleted(null, false);
            }
            try {
                filer.delete(target, false);
            } catch (FilerException notEmpty) {
                if (notEmpty.status() != 409) {
                    throw notEmpty;
                }
                return new Deleted(null, false); // a folder key with objects under it: they keep it
            }
            removeEmptyParents(bucket, target);
            return new Deleted(null, false);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    private Deleted deleteVersioned(String bucket, String key, VersioningStatus status) {
        String target = path(bucket, key);
        String[] markerId = new String[1];
        try {
            boolean moved = locks.with(bucket, key, () -> {
                String nullName = versionIds.nextNullName();
                markerId[0] = status == VersioningStatus.ENABLED ? versionIds.next() : VersionIds.NULL;
                Optional<FilerEntry> current = filer.find(target);
                S3Exception.check(current.isEmpty() || !current.get().directory(), S3ErrorCode.INVALID_REQUEST,
                        "key '" + key + "' is a prefix of other keys");
                if (status == VersioningStatus.SUSPENDED) {
                    versions.find(bucket, key, VersionIds.NULL).ifPresent(r -> versions.remove(bucket, key, r));
                }
                if (current.isPresent()) {
                    if (status == VersioningStatus.SUSPENDED
                            && VersionIds.NULL.equals(VersionStore.versionOf(current.get()))) {
                        filer.delete(target, false);
                    } else {
                        versions.archive(bucket, key, current.get(), nullName);
                    }
                }
                versions.writeDeleteMarker(bucket, key, markerId[0], versionIds);
                return current.isPresent();
            });
            if (moved) {
                removeEmptyParents(bucket, target);
            }
            return new Deleted(markerId[0], true);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /**
     * Deletes version {@code versionId} of {@code key} for good (an object version or a delete marker;
     * nothing when there is no such version). When it was the current version, the newest older version
     * becomes current, unless that is a delete marker.
     *
     * @throws S3Exception InvalidArgument for a malformed id, NoSuchBucket
     */
    public Deleted deleteVersion(String bucket, String key, String versionId) {
        ObjectKey.check(key);
        checkVersionId(versionId);
        if (ObjectKey.isFolder(key)) {
            if (VersionIds.NULL.equals(versionId)) {
                delete(bucket, key);
            }
            return new Deleted(versionId, false);
        }
        String target = path(bucket, key);
        try {
            Deleted result = locks.with(bucket, key, () -> {
                Optional<FilerEntry> current = filer.find(target).filter(e -> !e.directory());
                if (current.isPresent() && VersionStore.versionOf(current.get()).equals(versionId)) {
                    filer.delete(target, false);
                    promote(bucket, key, target);
                    return new Deleted(versionId, false);
                }
                Optional<VersionStore.Record> record = versions.find(bucket, key, versionId);
                if (record.isEmpty()) {
                    return null;
                }
                versions.remove(bucket, key, record.get());
                if (current.isEmpty()) {
                    promote(bucket, key, target);
                }
                return new Deleted(versionId, record.get().deleteMarker());
            });
            if (result == null) {
                buckets.require(bucket);
                return new Deleted(versionId, false);
            }
            if (filer.find(target).isEmpty()) {
                removeEmptyParents(bucket, target);
            }
            return result;
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /** Makes the newest noncurrent version of {@code key} current again, unless it is a delete marker. */
    private void promote(String bucket, String key, String target) {
        Optional<VersionStore.Record> newest = versions.newest(bucket, key);
        if (newest.isPresent() && !newest.get().deleteMarker()) {
            filer.rename(newest.get().entry().path(), target);
            versions.prune(bucket, key);
        }
    }

    private void removeEmptyParents(String bucket, String path) {
        String root = Buckets.directory(bucket);
        String dir = path.substring(0, path.lastIndexOf('/'));
        while (dir.length() > root.length()) {
            try {
                filer.delete(dir, false);
            } catch (FilerException e) {
                return; // not empty (409) or already gone: stop
            }
            dir = dir.substring(0, dir.lastIndexOf('/'));
        }
    }

    /**
     * Copies {@code source} to {@code key} of {@code bucket}, streaming the bytes through.
     *
     * @param replace the new object's content type and metadata, or null to copy the source's
     * @return the new object's ETag and version
     * @throws S3Exception NoSuchBucket, NoSuchKey, InvalidRequest (a copy onto itself that changes nothing)
     */
    public Stored copy(String sourceBucket, ObjectInfo source, String bucket, String key, PutOptions replace) {
        ObjectKey.check(key);
        buckets.require(bucket);
        if (replace == null && source.path().equals(path(bucket, key))) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is trying to"
                    + " copy an object to itself without changing the object's metadata, storage class, website"
                    + " redirect location or encryption attributes.");
        }
        PutOptions options = replace != null ? replace : new PutOptions(source.contentType(), source.metadata(),
                source.tags());
        try (FilerRead read = read(sourceBucket, source, 0, -1)) {
            return put(bucket, key, read.body(), source.size(), options, md5 -> {
                if (!quote(md5).equals(source.contentTag())) {
                    throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "the source changed while it was copied: retry");
                }
            });
        }
    }

    /**
     * Replaces the tags of {@code object} (none: removes them), keeping its bytes and other metadata.
     *
     * @param object the object or version to change (from {@link #head} or {@link #version})
     * @throws S3Exception NoSuchBucket, NoSuchKey
     */
    public void setTags(String bucket, ObjectInfo object, TagSet tags) {
        updateMetadata(bucket, object, old -> {
            Map<String, String> next = new TreeMap<>(old);
            if (tags.isEmpty()) {
                next.remove(TAGS_ATTRIBUTE);
            } else {
                next.put(TAGS_ATTRIBUTE, tags.toQuery());
            }
            return next;
        });
    }

    /**
     * Sets (or, for a null value, removes) extended attributes of {@code object}, keeping its bytes and the
     * rest of its metadata.
     *
     * @throws S3Exception NoSuchBucket, NoSuchKey
     */
    public void setAttributes(String bucket, ObjectInfo object, Map<String, String> changes) {
        updateMetadata(bucket, object, old -> {
            Map<String, String> next = new TreeMap<>(old);
            changes.forEach((k, v) -> {
                next.keySet().removeIf(n -> n.equalsIgnoreCase(k));
                if (v != null) {
                    next.put(k, v);
                }
            });
            return next;
        });
    }

    /**
     * Replaces the ACL of {@code object} (null: the bucket owner's full control), keeping its bytes and other
     * metadata.
     *
     * @throws S3Exception NoSuchBucket, NoSuchKey
     */
    public void setAcl(String bucket, ObjectInfo object, String acl) {
        updateMetadata(bucket, object, old -> {
            Map<String, String> next = new TreeMap<>(old);
            next.keySet().removeIf(k -> k.equalsIgnoreCase(ACL_ATTRIBUTE));
            if (acl != null) {
                next.put(ACL_ATTRIBUTE, acl);
            }
            return next;
        });
    }

    /**
     * Changes the stored attributes of {@code current} in place where the filer can; otherwise (the filer's
     * HTTP API) rewrites its file with them, checked to still hold the same bytes, and renames it back over
     * itself (never a new version).
     */
    private void updateMetadata(String bucket, ObjectInfo current, java.util.function.UnaryOperator<Map<String, String>> change) {
        String target = current.path();
        try {
            if (filer.updatesMetadata()) {
                filer.updateMetadata(target, change);
                return;
            }
            S3Exception.check(!ObjectKey.isFolder(current.key()), S3ErrorCode.NOT_IMPLEMENTED, "this gateway's filer"
                    + " cannot change a folder's metadata");
            FilerEntry entry = filer.find(target).orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_KEY,
                    "The specified key does not exist."));
            String staging = STAGING + "/" + UUID.randomUUID();
            try (FilerRead read = read(bucket, current, 0, -1)) {
                FilerAccess.Written written = filer.write(staging, read.body(), current.size(),
                        new FilerAccess.WriteOptions(entry.mime(), change.apply(entry.extended()), bucket));
                if (!quote(written.md5()).equals(current.contentTag())) {
                    throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "the object changed while its"
                            + " metadata was updated: retry");
                }
                locks.with(bucket, current.key(), () -> {
                    filer.rename(staging, target);
                    return null;
                });
            } catch (RuntimeException e) {
                deleteQuietly(staging);
                throw e;
            }
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_KEY);
        }
    }

    /** The S3 view of file entry {@code e} at {@code key}. */
    static ObjectInfo info(String key, FilerEntry e) {
        Map<String, String> meta = new TreeMap<>();
        e.extended().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.startsWith(META_PREFIX) && lower.length() > META_PREFIX.length() || STORED_HEADERS.contains(lower)) {
                meta.put(lower, v);
            }
        });
        String md5 = e.directory() || e.md5().isEmpty() ? EMPTY_MD5 : e.md5();
        String eTag = e.extended().entrySet().stream().filter(kv -> kv.getKey().equalsIgnoreCase(ETAG_ATTRIBUTE))
                .map(Map.Entry::getValue).findFirst().orElse(md5);
        return new ObjectInfo(key, e.directory() ? 0 : e.size(), quote(eTag), e.mtime(),
                e.mime().isEmpty() ? DEFAULT_CONTENT_TYPE : e.mime(), meta, quote(md5),
                TagSet.fromQuery(attribute(e, TAGS_ATTRIBUTE)), partSizes(attribute(e, PARTS_ATTRIBUTE)),
                VersionStore.versionOf(e), e.path(), attribute(e, ACL_ATTRIBUTE),
                e.directory() ? null : e.content());
    }

    /** The extended attribute {@code name} of {@code e} (matched without case, as HTTP headers carry it), or null. */
    static String attribute(FilerEntry e, String name) {
        String v = e.extended().get(name);
        if (v != null) {
            return v;
        }
        return e.extended().entrySet().stream().filter(kv -> kv.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static java.util.List<Long> partSizes(String stored) {
        if (stored == null || stored.isBlank()) {
            return java.util.List.of();
        }
        try {
            return java.util.Arrays.stream(stored.split(",")).map(String::strip).map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            return java.util.List.of(); // not written by this gateway: the object reads as one part
        }
    }

    static String quote(String md5) {
        return "\"" + md5 + "\"";
    }

    private void deleteQuietly(String path) {
        try {
            filer.delete(path, false);
        } catch (RuntimeException e) {
            // the staging file may not exist; an orphan is harmless and outside every bucket
        }
    }
}
