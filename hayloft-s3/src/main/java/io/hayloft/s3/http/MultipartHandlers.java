package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.MultipartUploads;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.payload.Payload;
import io.hayloft.s3.xml.CompleteRequest;
import io.hayloft.s3.xml.XmlWriter;
import io.hayloft.s3.filer.FilerRead;
import io.hayloft.s3.object.ObjectInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CreateMultipartUpload ({@code POST ?uploads}), UploadPart ({@code PUT ?partNumber&uploadId}),
 * ListParts ({@code GET ?uploadId}), CompleteMultipartUpload ({@code POST ?uploadId}) and
 * AbortMultipartUpload ({@code DELETE ?uploadId}). Each runs on the request's virtual thread.
 */
public final class MultipartHandlers {
    private static final int MAX_COMPLETE_BODY = 4 << 20;

    private static final int MAX_UPLOADS = 1000;
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");

    private final MultipartUploads uploads;
    private final Objects objects;
    private final ObjectHandlers objectHandlers;

    public MultipartHandlers(MultipartUploads uploads, Objects objects, ObjectHandlers objectHandlers) {
        this.uploads = uploads;
        this.objects = objects;
        this.objectHandlers = objectHandlers;
    }

    void create(S3Exchange ex) {
        String id = uploads.create(ex.bucket, ex.key, objectHandlers.putOptions(ex));
        S3Responses.xml(ex, 200, XmlWriter.document("InitiateMultipartUploadResult", true)
                .element("Bucket", ex.bucket).element("Key", ex.key).element("UploadId", id).finish());
    }

    /**
     * The part number {@code value} names.
     *
     * @throws S3Exception InvalidArgument unless it is an integer 1..10000
     */
    static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MultipartUploads.MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and "
                + MultipartUploads.MAX_PART_NUMBER + ", inclusive");
    }

    /**
     * UploadPartCopy: part {@code partNumber} is the source object, or the {@code x-amz-copy-source-range}
     * of it, streamed from the source through the gateway.
     *
     * @param authorizeSource checks the caller may read the source bucket
     */
    void uploadPartCopy(S3Exchange ex, Consumer<String> authorizeSource) {
        int number = partNumber(ex.param("partNumber"));
        String[] source = ObjectHandlers.copySource(ex.header("x-amz-copy-source"));
        authorizeSource.accept(source[0]);
        ObjectInfo from = objectHandlers.source(source);
        Preconditions.check(from, ex::header, true);
        if (source[2] != null) {
            ex.response.putHeader("x-amz-copy-source-version-id", from.versionId());
        }
        long start = 0;
        long length = from.size();
        String range = ex.header("x-amz-copy-source-range");
        if (range != null) {
            Matcher m = COPY_RANGE.matcher(range.strip());
            S3Exception.check(m.matches(), S3ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of"
                    + " the form bytes=first-last where first and last are the zero-based offsets of the first and"
                    + " last bytes to copy");
            start = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            S3Exception.check(start <= end, S3ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range's first byte"
                    + " is after its last");
            S3Exception.check(end < from.size(), S3ErrorCode.INVALID_RANGE, "The x-amz-copy-source-range " + range
                    + " lies outside the source object of " + from.size() + " bytes");
            length = end - start + 1;
        }
        String eTag;
        try (FilerRead read = objects.read(source[0], from, start, range == null ? -1 : length)) {
            eTag = uploads.uploadPart(ex.bucket, ex.key, ex.param("uploadId"), number, read.body(), length, null);
        }
        S3Responses.xml(ex, 200, XmlWriter.document("CopyPartResult", true)
                .element("LastModified", java.time.Instant.now()).element("ETag", eTag).finish());
    }

    void uploadPart(S3Exchange ex) {
        int number = partNumber(ex.param("partNumber"));
        Payload payload = Payload.open(ex.body, ex.auth, ex::header);
        String eTag;
        try {
            eTag = uploads.uploadPart(ex.bucket, ex.key, ex.param("uploadId"), number, payload.stream(),
                    payload.length(), payload.needsCheck() ? payload::check : null);
        } catch (RuntimeException e) {
            if (payload.failure() != null) {
                throw payload.failure();
            }
            throw e;
        }
        ex.response.putHeader("ETag", eTag);
        payload.checkedChecksums().forEach(ex.response::putHeader);
        S3Responses.empty(ex, 200);
    }

    /** ListParts, paged by {@code max-parts} (at most 1000) and {@code part-number-marker}. */
    void listParts(S3Exchange ex) {
        int maxParts = count(ex.param("max-parts"), "max-parts");
        int marker = ex.param("part-number-marker") == null ? 0 : count(ex.param("part-number-marker"),
                "part-number-marker");
        List<MultipartUploads.Part> after = uploads.parts(ex.bucket, ex.key, ex.param("uploadId")).stream()
                .filter(p -> p.number() > marker).toList();
        List<MultipartUploads.Part> page = after.subList(0, Math.min(maxParts, after.size()));
        boolean truncated = page.size() < after.size();
        String owner = ex.auth.identity().name();
        XmlWriter w = XmlWriter.document("ListPartsResult", true).element("Bucket", ex.bucket).element("Key", ex.key)
                .element("UploadId", ex.param("uploadId"))
                .start("Initiator").element("ID", owner).element("DisplayName", owner).end()
                .start("Owner").element("ID", owner).element("DisplayName", owner).end()
                .element("StorageClass", "STANDARD").element("PartNumberMarker", marker);
        if (!page.isEmpty()) {
            w.element("NextPartNumberMarker", page.getLast().number());
        }
        w.element("MaxParts", maxParts).element("IsTruncated", truncated);
        for (MultipartUploads.Part p : page) {
            w.start("Part").element("PartNumber", p.number()).element("LastModified", p.lastModified())
                    .element("ETag", p.eTag()).element("Size", p.size()).end();
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    /**
     * ListMultipartUploads: the bucket's uploads in progress by key then initiation, with {@code prefix},
     * {@code delimiter}, {@code max-uploads} (at most 1000), {@code key-marker} and
     * {@code upload-id-marker}.
     */
    void listUploads(S3Exchange ex) {
        String prefix = orEmpty(ex.param("prefix"));
        String delimiter = orEmpty(ex.param("delimiter"));
        int max = count(ex.param("max-uploads"), "max-uploads");
        String keyMarker = orEmpty(ex.param("key-marker"));
        String idMarker = orEmpty(ex.param("upload-id-marker"));
        List<MultipartUploads.Upload> page = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean truncated = false;
        String nextKey = "";
        String nextId = "";
        // uploads of the marker's key are skipped up to and including the marker's upload (all without one)
        boolean pastIdMarker = idMarker.isEmpty();
        for (MultipartUploads.Upload u : uploads.uploads(ex.bucket)) {
            if (!keyMarker.isEmpty()) {
                int cmp = u.key().compareTo(keyMarker);
                if (cmp < 0) {
                    continue;
                }
                if (cmp == 0) {
                    if (!pastIdMarker) {
                        pastIdMarker = u.id().equals(idMarker);
                        continue;
                    }
                    if (idMarker.isEmpty()) {
                        continue;
                    }
                }
            }
            if (!u.key().startsWith(prefix)) {
                continue;
            }
            String common = null;
            if (!delimiter.isEmpty()) {
                int d = u.key().indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    common = u.key().substring(0, d + delimiter.length());
                }
            }
            if (common != null && !prefixes.isEmpty() && prefixes.getLast().equals(common)) {
                continue;
            }
            if (page.size() + prefixes.size() >= max) {
                truncated = true;
                break;
            }
            if (common != null) {
                prefixes.add(common);
                nextKey = common;
                nextId = "";
            } else {
                page.add(u);
                nextKey = u.key();
                nextId = u.id();
            }
        }
        XmlWriter w = XmlWriter.document("ListMultipartUploadsResult", true).element("Bucket", ex.bucket)
                .element("KeyMarker", keyMarker).element("UploadIdMarker", idMarker)
                .element("NextKeyMarker", truncated ? nextKey : "").element("NextUploadIdMarker", truncated ? nextId : "")
                .element("Prefix", prefix);
        if (!delimiter.isEmpty()) {
            w.element("Delimiter", delimiter);
        }
        w.element("MaxUploads", max).element("IsTruncated", truncated);
        String owner = ex.auth.identity().name();
        for (MultipartUploads.Upload u : page) {
            w.start("Upload").element("Key", u.key()).element("UploadId", u.id())
                    .start("Initiator").element("ID", owner).element("DisplayName", owner).end()
                    .start("Owner").element("ID", owner).element("DisplayName", owner).end()
                    .element("StorageClass", "STANDARD").element("Initiated", u.initiated()).end();
        }
        for (String p : prefixes) {
            w.start("CommonPrefixes").element("Prefix", p).end();
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    /** A paging count: absent → 1000, otherwise 0..1000 (larger values are cut to 1000). */
    private static int count(String value, String name) {
        if (value == null) {
            return MAX_UPLOADS;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return Math.min(n, MAX_UPLOADS);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, name + " must be a non-negative integer, got " + value);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    void complete(S3Exchange ex) throws IOException {
        List<MultipartUploads.PartRef> parts = CompleteRequest.parse(SmallBody.read(ex, MAX_COMPLETE_BODY));
        Objects.Stored stored = uploads.complete(ex.bucket, ex.key, ex.param("uploadId"), parts);
        String eTag = stored.eTag();
        ObjectHandlers.versionHeader(ex, stored.versionId());
        S3Responses.xml(ex, 200, XmlWriter.document("CompleteMultipartUploadResult", true)
                .element("Location", ex.url(ex.key)).element("Bucket", ex.bucket)
                .element("Key", ex.key).element("ETag", eTag).finish());
    }

    void abort(S3Exchange ex) {
        uploads.abort(ex.bucket, ex.key, ex.param("uploadId"));
        S3Responses.empty(ex, 204);
    }
}
