package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerPage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The noncurrent versions and delete markers of versioned buckets, outside every bucket's directory so
 * that listings and the filer's view of a bucket show current objects only:
 * <pre>
 *   /.s3-versions/&lt;bucket&gt;/&lt;key&gt;/&lt;name&gt;     one file per noncurrent version or delete marker of &lt;key&gt;
 *       name = the version id ({@link VersionIds}), or &lt;16 hex of its time&gt;-null for the null version
 *       extended attributes: s3-version-id (absent for null), s3-delete-marker = true for a marker,
 *       and everything the object had (metadata, ETag, tags, part sizes): an archived version is the
 *       object's own filer entry, moved here by a rename (its chunks stay where they are)
 * </pre>
 * A key's directory holds its versions as files and the directories of longer keys ({@code a/b} under
 * {@code a}); names are newest first. A key's current version is the file in the bucket
 * ({@code /buckets/<bucket>/<key>}), and it is the newest version: when the newest is a delete marker,
 * there is no file in the bucket.
 *
 * <p>Thread-safe; blocks on the filer. Callers change a key's versions under its {@link KeyLocks} lock.
 */
final class VersionStore {
    /** Where noncurrent versions live. */
    static final String ROOT = "/.s3-versions";
    /** Extended attribute holding a version's id (absent: the null version). */
    static final String VERSION_ATTRIBUTE = "s3-version-id";
    /** Extended attribute marking a delete marker. */
    static final String DELETE_MARKER_ATTRIBUTE = "s3-delete-marker";
    private static final int PAGE = 1000;

    private final FilerAccess filer;

    VersionStore(FilerAccess filer) {
        this.filer = filer;
    }

    /** A noncurrent version or delete marker: its file's name, id and entry. */
    record Record(String name, String versionId, boolean deleteMarker, FilerEntry entry) {
    }

    /** The directory of {@code key}'s noncurrent versions. */
    static String directory(String bucket, String key) {
        return ROOT + "/" + bucket + "/" + key;
    }

    /** The version id of an object's or record's entry: its attribute, or {@code null}. */
    static String versionOf(FilerEntry e) {
        String v = Objects.attribute(e, VERSION_ATTRIBUTE);
        return v == null || v.isBlank() ? VersionIds.NULL : v;
    }

    /** The noncurrent versions of {@code key}, newest first (empty when it has none). */
    List<Record> records(String bucket, String key) {
        List<Record> out = new ArrayList<>();
        String dir = directory(bucket, key);
        String after = "";
        try {
            while (true) {
                FilerPage page = filer.list(dir, after, false, PAGE);
                for (FilerEntry e : page.entries()) {
                    if (!e.directory()) {
                        out.add(record(e));
                    }
                }
                if (!page.hasMore() || page.entries().isEmpty()) {
                    return out;
                }
                after = page.entries().getLast().name();
            }
        } catch (FilerException e) {
            if (e.status() == 404 || e.status() == 400) {
                return out;
            }
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_KEY);
        }
    }

    /** The newest noncurrent version or delete marker of {@code key}. */
    Optional<Record> newest(String bucket, String key) {
        return records(bucket, key).stream().findFirst();
    }

    /** The noncurrent version {@code versionId} of {@code key} ({@link VersionIds#NULL}: the null one). */
    Optional<Record> find(String bucket, String key, String versionId) {
        if (VersionIds.NULL.equals(versionId)) {
            return records(bucket, key).stream().filter(r -> VersionIds.isNullName(r.name())).findFirst();
        }
        try {
            return filer.find(directory(bucket, key) + "/" + versionId).filter(e -> !e.directory())
                    .map(VersionStore::record);
        } catch (FilerException e) {
            if (e.status() == 409 || e.status() == 400) {
                return Optional.empty(); // a parent is a file: no such version
            }
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_KEY);
        }
    }

    /**
     * Moves the current object {@code current} of {@code key} among the noncurrent versions, under its id
     * or, for the null version, {@code nullName} (from {@link VersionIds#nextNullName}, made just before the
     * id of the version that replaces it).
     */
    void archive(String bucket, String key, FilerEntry current, String nullName) {
        String id = versionOf(current);
        filer.rename(current.path(), directory(bucket, key) + "/" + (VersionIds.NULL.equals(id) ? nullName : id));
    }

    /** Puts the staged file {@code staging} among {@code key}'s noncurrent versions as {@code versionId}. */
    void file(String bucket, String key, String staging, String versionId) {
        filer.rename(staging, directory(bucket, key) + "/" + versionId);
    }

    /** Writes a delete marker {@code versionId} ({@link VersionIds#NULL}: the null one) as {@code key}'s newest version. */
    void writeDeleteMarker(String bucket, String key, String versionId, VersionIds ids) {
        boolean isNull = VersionIds.NULL.equals(versionId);
        String name = isNull ? ids.nextNullName() : versionId;
        Map<String, String> attributes = isNull ? Map.of(DELETE_MARKER_ATTRIBUTE, "true")
                : Map.of(DELETE_MARKER_ATTRIBUTE, "true", VERSION_ATTRIBUTE, versionId);
        filer.write(directory(bucket, key) + "/" + name, InputStream.nullInputStream(), 0,
                new FilerAccess.WriteOptions("", attributes, ""));
    }

    /** Removes {@code record} of {@code key}, then the directories of the version tree it left empty. */
    void remove(String bucket, String key, Record record) {
        filer.delete(record.entry().path(), false);
        prune(bucket, key);
    }

    /** Removes {@code key}'s directory in the version tree and its parents, as far as they are empty. */
    void prune(String bucket, String key) {
        String root = ROOT + "/" + bucket;
        String dir = directory(bucket, key);
        while (dir.length() > root.length()) {
            try {
                filer.delete(dir, false);
            } catch (FilerException e) {
                return; // not empty (409) or gone: stop
            }
            dir = dir.substring(0, dir.lastIndexOf('/'));
        }
    }

    /** True when {@code bucket} has no noncurrent version or delete marker. */
    boolean isEmpty(String bucket) {
        try {
            return filer.list(ROOT + "/" + bucket, "", true, 1).entries().isEmpty();
        } catch (FilerException e) {
            if (e.status() == 404) {
                return true;
            }
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    static Record record(FilerEntry e) {
        return new Record(e.name(), versionOf(e), "true".equals(Objects.attribute(e, DELETE_MARKER_ATTRIBUTE)), e);
    }
}
