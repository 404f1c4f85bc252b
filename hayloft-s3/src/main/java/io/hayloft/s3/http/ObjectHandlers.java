package io.hayloft.s3.http;

import io.hayloft.http.ByteRange;
import io.hayloft.s3.auth.QueryString;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerRead;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.ObjectInfo;
import io.hayloft.s3.object.ObjectKey;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.payload.Payload;
import io.hayloft.s3.xml.AccessControlList;
import io.hayloft.s3.xml.TagSet;
import io.hayloft.s3.xml.XmlWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * PutObject, GetObject, HeadObject, DeleteObject and CopyObject. Each runs on the request's virtual
 * thread and writes its answer; failures are thrown as {@link S3Exception}s. Bodies stream: a PUT
 * goes from the request to the filer as it arrives, a GET from the filer to the client.
 */
public final class ObjectHandlers {
    /** {@code response-*} query parameters of GetObject and the headers they override. */
    private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
            "response-content-type", "Content-Type", "response-content-language", "Content-Language",
            "response-expires", "Expires", "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition", "response-content-encoding", "Content-Encoding");

    /** S3's limit on user metadata: the UTF-8 bytes of every {@code x-amz-meta-*} name (sans prefix) and value. */
    static final int MAX_USER_METADATA = 2048;

    private final Objects objects;
    private final Buckets buckets;
    private final Authorizer authorizer;
    private final ExpirationHeader expiration;
    private final ObjectLockHandlers lock;
    private final ResponseStream bodies = new ResponseStream();

    ObjectHandlers(Objects objects, Buckets buckets, Authorizer authorizer, ExpirationHeader expiration,
                   ObjectLockHandlers lock) {
        this.lock = lock;
        this.expiration = expiration;
        this.objects = objects;
        this.buckets = buckets;
        this.authorizer = authorizer;
    }

    void put(S3Exchange ex) throws IOException {
        Payload payload = Payload.open(ex.body, ex.auth, ex::header);
        S3Exception.check(payload.length() >= 0 || ex.header("Transfer-Encoding") != null,
                S3ErrorCode.MISSING_CONTENT_LENGTH, "You must provide the Content-Length HTTP header.");
        Objects.PutOptions options = putOptions(ex);
        Runnable condition = WriteConditions.of(ex::header, () -> objects.find(ex.bucket, ex.key));
        if (condition != null) {
            condition.run();
        }
        Consumer<String> check = payload.needsCheck() ? payload::check : null;
        if (condition != null) {
            Consumer<String> bodyCheck = check;
            check = md5 -> {
                if (bodyCheck != null) {
                    bodyCheck.accept(md5);
                }
                condition.run();
            };
        }
        Objects.Stored stored;
        try {
            stored = objects.put(ex.bucket, ex.key, payload.stream(), payload.length(), options, check);
        } catch (RuntimeException e) {
            if (payload.failure() != null) {
                throw payload.failure();
            }
            throw e;
        }
        S3Response r = ex.response.putHeader("ETag", stored.eTag());
        versionHeader(ex, stored.versionId());
        payload.checkedChecksums().forEach(r::putHeader);
        expiration.decorate(ex, () -> objects.find(ex.bucket, ex.key));
        S3Responses.empty(ex, 200);
    }

    /**
     * What a PutObject, CreateMultipartUpload or a copy that replaces metadata stores with the bytes: its
     * Content-Type, user metadata (at most {@value #MAX_USER_METADATA} bytes) and {@code x-amz-tagging}; its
     * encryption ({@link Encryption}) is checked; its ACL headers ({@link AccessControlList#fromHeaders}) are
     * kept with it, as is the writer's full control when the writer does not own the bucket.
     */
    Objects.PutOptions putOptions(S3Exchange ex) {
        Encryption.check(ex::header);
        Map<String, String> metadata = userMetadata(ex);
        Optional<AccessControlList> acl = authorizer.requestedAcl(ex, ex.bucket);
        String bucketOwner = authorizer.owner(ex.bucket, Authorizer.writer(ex, ""));
        String writer = Authorizer.writer(ex, bucketOwner);
        AccessControlList chosen = acl.orElseGet(() -> AccessControlList.ownerOnly(writer));
        if (!chosen.equals(AccessControlList.ownerOnly(bucketOwner))) {
            metadata.put(Objects.ACL_ATTRIBUTE, chosen.toText());
        }
        int size = 0;
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey().equals(Objects.ACL_ATTRIBUTE)) {
                continue;
            }
            size += m.getKey().length() - Objects.META_PREFIX.length()
                    + m.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        S3Exception.check(size <= MAX_USER_METADATA, S3ErrorCode.METADATA_TOO_LARGE, "Your metadata headers exceed"
                + " the maximum allowed metadata size: " + size + " bytes, at most " + MAX_USER_METADATA);
        for (String name : Objects.STORED_HEADERS) {
            String v = ex.header(name);
            if (name.equals("content-encoding") && v != null) {
                // aws-chunked describes how this request's body travels, not the object
                v = String.join(",", java.util.Arrays.stream(v.split(",")).map(String::strip)
                        .filter(t -> !t.isEmpty() && !t.equalsIgnoreCase("aws-chunked")).toList());
            }
            if (v != null && !v.isBlank()) {
                metadata.put(name, v.strip());
            }
        }
        lock.onWrite(ex.bucket, metadata);
        return new Objects.PutOptions(contentType(ex), metadata, tagging(ex));
    }

    /** The tags of the {@code x-amz-tagging} header, checked. */
    static TagSet tagging(S3Exchange ex) {
        return TagSet.fromQuery(ex.header("x-amz-tagging")).validate(false);
    }

    /**
     * Sets {@code x-amz-version-id} on the answer to a write when it made a version with an id (none for a
     * bucket never versioned, nor for the null version of a suspended one, as S3 answers).
     */
    static void versionHeader(S3Exchange ex, String versionId) {
        if (versionId != null && !versionId.equals(io.hayloft.s3.object.VersionIds.NULL)) {
            ex.response.putHeader("x-amz-version-id", versionId);
        }
    }

    /**
     * The object or version a GET, HEAD or sub-resource request names ({@code ?versionId=}). A delete marker
     * is answered 405 (named by id) or 404 (the key's newest version) with {@code x-amz-delete-marker}.
     */
    ObjectInfo target(S3Exchange ex) {
        String versionId = ex.param("versionId");
        if (versionId == null) {
            try {
                return objects.head(ex.bucket, ex.key);
            } catch (S3Exception e) {
                if (e.code() == S3ErrorCode.NO_SUCH_KEY) {
                    Optional<ObjectInfo> marker = objects.hidingDeleteMarker(ex.bucket, ex.key);
                    ex.response.putHeader("x-amz-delete-marker", Boolean.toString(marker.isPresent()));
                    marker.ifPresent(m -> ex.response.putHeader("x-amz-version-id", m.versionId()));
                }
                throw e;
            }
        }
        Objects.Version v = objects.version(ex.bucket, ex.key, versionId);
        if (v.deleteMarker()) {
            ex.response.putHeader("x-amz-delete-marker", "true").putHeader("x-amz-version-id", versionId)
                    .putHeader("Last-Modified", httpDate(v.info().lastModified()));
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: the version is a delete marker");
        }
        return v.info();
    }

    void get(S3Exchange ex, boolean withBody) throws IOException {
        ObjectInfo o = target(ex);
        S3Response r = ex.response;
        r.putHeader("ETag", o.eTag()).putHeader("Last-Modified", httpDate(o.lastModified()));
        expiration.decorate(ex, () -> Optional.of(o));
        // a null version's id is named only when asked for (knowing the bucket's state costs a filer call)
        if (ex.param("versionId") != null || !o.versionId().equals(io.hayloft.s3.object.VersionIds.NULL)) {
            r.putHeader("x-amz-version-id", o.versionId());
        }
        if (!o.tags().isEmpty()) {
            r.putHeader("x-amz-tagging-count", Integer.toString(o.tags().tags().size()));
        }
        try {
            Preconditions.check(o, ex::header, false);
        } catch (S3Exception e) {
            if (e.code() == S3ErrorCode.NOT_MODIFIED) {
                r.setStatusCode(304).end();
                return;
            }
            throw e;
        }
        Optional<ByteRange> range;
        try {
            range = ex.has("partNumber") ? partRange(ex, o) : ByteRange.parse(ex.header("Range"), o.size());
        } catch (ByteRange.Unsatisfiable e) {
            r.putHeader("Content-Range", "bytes */" + o.size());
            throw new S3Exception(S3ErrorCode.INVALID_RANGE, "The requested range is not satisfiable",
                    Map.of("RangeRequested", ex.header("Range"), "ActualObjectSize", Long.toString(o.size())), null);
        }
        Map<String, String> overrides = ex.auth.anonymous() ? Map.of() : responseOverrides(ex);
        r.putHeader("Content-Type", o.contentType()).putHeader("Accept-Ranges", "bytes");
        o.metadata().forEach((name, value) -> r.putHeader(name, HeaderText.encode(value)));
        overrides.forEach(r::putHeader);
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(o.size());
        range.ifPresent(rg -> r.setStatusCode(206).putHeader("Content-Range", rg.contentRange(o.size())));
        r.putHeader("Content-Length", Long.toString(length));
        if (!withBody || length == 0) {
            r.end();
            return;
        }
        try (FilerRead read = objects.readDirect(ex.bucket, o, start, range.isPresent() ? length : -1)) {
            bodies.send(read, length, ex);
        }
    }

    /**
     * The byte range of part {@code ?partNumber=} of {@code o} (an object written whole is one part), and
     * sets {@code x-amz-mp-parts-count}.
     *
     * @throws S3Exception InvalidArgument for a part number that is not 1..10000 or comes with a Range,
     *                     InvalidPart for a part the object does not have
     */
    private static Optional<ByteRange> partRange(S3Exchange ex, ObjectInfo o) {
        S3Exception.check(ex.header("Range") == null, S3ErrorCode.INVALID_REQUEST, "Cannot specify both Range header"
                + " and partNumber query parameter");
        int n = MultipartHandlers.partNumber(ex.param("partNumber"));
        S3Exception.check(n <= o.partCount(), S3ErrorCode.INVALID_PART, "The requested partnumber is not"
                + " satisfiable: the object has " + o.partCount() + " part(s)");
        ex.response.putHeader("x-amz-mp-parts-count", Integer.toString(o.partCount()));
        if (o.partSizes().isEmpty()) {
            return o.size() == 0 ? Optional.empty() : Optional.of(new ByteRange(0, o.size() - 1));
        }
        long start = 0;
        for (int i = 0; i < n - 1; i++) {
            start += o.partSizes().get(i);
        }
        long length = o.partSizes().get(n - 1);
        return length == 0 ? Optional.empty() : Optional.of(new ByteRange(start, start + length - 1));
    }

    /**
     * The headers the request's {@code response-*} parameters override, each checked to be a header value
     * (visible ISO-8859-1 characters, spaces and tabs: no control character, no line break).
     *
     * @throws S3Exception {@code InvalidArgument} naming the parameter otherwise
     */
    private static Map<String, String> responseOverrides(S3Exchange ex) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        RESPONSE_OVERRIDES.forEach((param, header) -> {
            String v = ex.param(param);
            if (v == null) {
                return;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, param + " must be a header value: it has a"
                            + " control or non-Latin-1 character at index " + i);
                }
            }
            out.put(header, v);
        });
        return out;
    }

    void delete(S3Exchange ex) {
        String versionId = ex.param("versionId");
        checkDeletable(ex, ex.key, versionId);
        Objects.Deleted d = versionId == null ? objects.delete(ex.bucket, ex.key)
                : objects.deleteVersion(ex.bucket, ex.key, versionId);
        if (d.versionId() != null) {
            ex.response.putHeader("x-amz-version-id", d.versionId());
        }
        if (d.deleteMarker()) {
            ex.response.putHeader("x-amz-delete-marker", "true");
        }
        S3Responses.empty(ex, 204);
    }

    /**
     * Checks that {@code versionId} of {@code key} may be deleted under the bucket's object lock (a version that
     * does not exist, or is a delete marker, is left to the delete to answer).
     */
    void checkDeletable(S3Exchange ex, String key, String versionId) {
        if (!lock.guards(ex.bucket, versionId)) {
            return;
        }
        Objects.Version v;
        try {
            v = objects.version(ex.bucket, key, versionId);
        } catch (S3Exception e) {
            return;
        }
        if (!v.deleteMarker()) {
            lock.checkDeletable(ex, v.info());
        }
    }

    /** @param authorizeSource checks the caller may read the source bucket */
    void copy(S3Exchange ex, Consumer<String> authorizeSource) {
        String[] source = copySource(ex.header("x-amz-copy-source"));
        authorizeSource.accept(source[0]);
        ObjectInfo from = source(source);
        String directive = ex.header("x-amz-metadata-directive");
        S3Exception.check(directive == null || directive.equals("COPY") || directive.equals("REPLACE"),
                S3ErrorCode.INVALID_ARGUMENT, "Unknown metadata directive: " + directive);
        String tagging = ex.header("x-amz-tagging-directive");
        S3Exception.check(tagging == null || tagging.equals("COPY") || tagging.equals("REPLACE"),
                S3ErrorCode.INVALID_ARGUMENT, "Unknown tagging directive: " + tagging);
        Preconditions.check(from, ex::header, true);
        Objects.PutOptions asked = putOptions(ex);
        Objects.PutOptions replace = null;
        // the copy takes the ACL and object lock this request asks for (or the destination's defaults), never the source's
        Map<String, String> copiedMetadata = asCopied(from.metadata(), asked.metadata());
        if ("REPLACE".equals(directive) || "REPLACE".equals(tagging) || !copiedMetadata.equals(from.metadata())) {
            replace = new Objects.PutOptions(
                    "REPLACE".equals(directive) ? asked.contentType() : from.contentType(),
                    "REPLACE".equals(directive) ? asked.metadata() : copiedMetadata,
                    "REPLACE".equals(tagging) ? asked.tags() : from.tags());
        }
        Objects.Stored stored = objects.copy(source[0], from, ex.bucket, ex.key, replace);
        ObjectInfo copied = objects.head(ex.bucket, ex.key);
        if (source[2] != null) {
            ex.response.putHeader("x-amz-copy-source-version-id", from.versionId());
        }
        versionHeader(ex, stored.versionId());
        S3Responses.xml(ex, 200, XmlWriter.document("CopyObjectResult", true)
                .element("LastModified", copied.lastModified()).element("ETag", stored.eTag()).finish());
    }

    private static final java.util.Set<String> NOT_COPIED = java.util.Set.of(Objects.ACL_ATTRIBUTE, Objects.LOCK_MODE,
            Objects.LOCK_RETAIN_UNTIL, Objects.LOCK_LEGAL_HOLD);

    /** The source's {@code metadata} less its ACL and lock, with those of the {@code asked} write. */
    private static Map<String, String> asCopied(Map<String, String> metadata, Map<String, String> asked) {
        Map<String, String> out = new java.util.TreeMap<>(metadata);
        out.keySet().removeAll(NOT_COPIED);
        NOT_COPIED.forEach(k -> {
            if (asked.containsKey(k)) {
                out.put(k, asked.get(k));
            }
        });
        return out;
    }

    /**
     * The object a copy source names ({@code [bucket, key, versionId or null]}, from {@link #copySource}); a
     * delete marker named by id is InvalidRequest, as S3 answers.
     */
    ObjectInfo source(String[] source) {
        if (source[2] == null) {
            return objects.head(source[0], source[1]);
        }
        Objects.Version v = objects.version(source[0], source[1], source[2]);
        S3Exception.check(!v.deleteMarker(), S3ErrorCode.INVALID_REQUEST, "The source of a copy request may not"
                + " specifically refer to a delete marker by version id.");
        return v.info();
    }

    /**
     * {@code [bucket, key, versionId]} of {@code x-amz-copy-source: /bucket/key[?versionId=id]} (URL-encoded,
     * leading slash optional; versionId null when none is named).
     */
    static String[] copySource(String header) {
        String v = header.strip();
        String versionId = null;
        int q = v.indexOf("?versionId=");
        if (q >= 0) {
            versionId = v.substring(q + "?versionId=".length());
            Objects.checkVersionId(versionId);
            v = v.substring(0, q);
        }
        v = QueryString.decode(v.startsWith("/") ? v.substring(1) : v);
        int slash = v.indexOf('/');
        S3Exception.check(slash > 0 && slash < v.length() - 1, S3ErrorCode.INVALID_ARGUMENT,
                "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        String key = v.substring(slash + 1);
        ObjectKey.check(key);
        return new String[] {v.substring(0, slash), key, versionId};
    }

    static String contentType(S3Exchange ex) {
        String ct = ex.header("Content-Type");
        return ct == null ? "" : ct.strip();
    }

    static Map<String, String> userMetadata(S3Exchange ex) {
        Map<String, String> out = new TreeMap<>();
        ex.request.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(Objects.META_PREFIX) && name.length() > Objects.META_PREFIX.length()) {
                out.merge(name, HeaderText.decode(h.getValue()), (a, b) -> a + "," + b);
            }
        });
        return out;
    }

    static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }
}
