package io.hayloft.s3.object;

import java.time.Instant;
import io.hayloft.s3.xml.TagSet;
import java.util.List;
import java.util.Map;

/**
 * An object's attributes, as HEAD, GET and listings answer them.
 *
 * @param key          the object key
 * @param size         its length in bytes
 * @param eTag         its ETag, quoted ({@code "<md5 hex>"})
 * @param lastModified when it was written
 * @param contentType  its Content-Type
 * @param metadata     user metadata, lower-case {@code x-amz-meta-*} names → values, and the stored
 *                     headers ({@link Objects#STORED_HEADERS})
 * @param contentTag   the filer's ETag of the bytes ({@code "<md5 hex>"}): the same as {@code eTag} but for
 *                     a multipart object; what a read checks it got the bytes it looked up
 * @param tags         its tags
 * @param partSizes    a multipart object's part sizes in order; empty for an object written whole
 * @param versionId    its version id ({@code null} text for the null version, the only one of a bucket
 *                     never versioned)
 * @param path         the filer file holding it (the key's path, or a noncurrent version's)
 * @param acl          its ACL as stored ({@link io.hayloft.s3.xml.AccessControlList#toText}), empty for the
 *                     bucket owner's full control
 * @param content      its bytes when they came with its lookup ({@link io.hayloft.s3.filer.FilerEntry#content}),
 *                     else null; shared, never modified; not part of {@link #equals}
 */
public record ObjectInfo(String key, long size, String eTag, Instant lastModified, String contentType,
                         Map<String, String> metadata, String contentTag, TagSet tags, List<Long> partSizes,
                         String versionId, String path, String acl, byte[] content) {
    public ObjectInfo {
        metadata = Map.copyOf(metadata);
        partSizes = List.copyOf(partSizes);
        versionId = versionId == null ? VersionIds.NULL : versionId;
        path = path == null ? "" : path;
        acl = acl == null ? "" : acl;
    }

    /** Equal objects have the same attributes, whether or not their bytes came with them ({@link #content}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectInfo i && size == i.size && eq(key, i.key) && eq(eTag, i.eTag)
                && eq(lastModified, i.lastModified) && eq(contentType, i.contentType) && metadata.equals(i.metadata)
                && eq(contentTag, i.contentTag) && eq(tags, i.tags) && partSizes.equals(i.partSizes)
                && versionId.equals(i.versionId) && path.equals(i.path) && acl.equals(i.acl);
    }

    private static boolean eq(Object a, Object b) {
        return java.util.Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, size, eTag, lastModified, contentType, metadata, contentTag, tags, partSizes,
                versionId, path, acl);
    }

    /** An object whose bytes did not come with its lookup. */
    public ObjectInfo(String key, long size, String eTag, Instant lastModified, String contentType,
                      Map<String, String> metadata, String contentTag, TagSet tags, List<Long> partSizes,
                      String versionId, String path, String acl) {
        this(key, size, eTag, lastModified, contentType, metadata, contentTag, tags, partSizes, versionId, path, acl,
                null);
    }

    /** How many parts the object has: its multipart upload's, or 1. */
    public int partCount() {
        return partSizes.isEmpty() ? 1 : partSizes.size();
    }
}
