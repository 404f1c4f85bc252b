package io.hayloft.s3.http;

import io.hayloft.s3.auth.PostPolicy;
import io.hayloft.s3.auth.S3Action;
import io.hayloft.s3.auth.SigV4Verifier;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.payload.MultipartForm;
import io.hayloft.s3.payload.Payload;
import io.hayloft.s3.xml.AccessControlList;
import io.hayloft.s3.xml.TagSet;
import io.hayloft.s3.xml.XmlWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostObject: a browser form upload ({@code POST /bucket}, {@code multipart/form-data}). The fields before the
 * {@code file} part are read (each at most {@value #MAX_FIELD} bytes, {@value #MAX_FIELDS} in all), the form's
 * signature checked ({@link SigV4Verifier#verifyPostForm}) and its policy ({@link PostPolicy}), then the
 * file streams into the object named by {@code key} ({@code ${filename}} replaced by the file's name) with
 * the form's {@code Content-Type}, {@code x-amz-meta-*}, {@code acl} and {@code tagging}. The answer is a 204,
 * or what {@code success_action_status} (200, 201 with a {@code PostResponse}) or
 * {@code success_action_redirect} (303) asks. Runs on the request's virtual thread.
 */
final class PostObjectHandler {
    static final int MAX_FIELD = 20 * 1024;
    static final int MAX_FIELDS = 256 * 1024;

    private final SigV4Verifier verifier;
    private final Authorizer authorizer;
    private final Objects objects;
    private final Clock clock;

    PostObjectHandler(SigV4Verifier verifier, Authorizer authorizer, Objects objects, Clock clock) {
        this.verifier = verifier;
        this.authorizer = authorizer;
        this.objects = objects;
        this.clock = clock;
    }

    void post(S3Exchange ex) throws IOException {
        String boundary = MultipartForm.boundary(ex.header("Content-Type"));
        S3Exception.check(boundary != null, S3ErrorCode.MALFORMED_POST_REQUEST, "A POST to a bucket is a browser upload:"
                + " its Content-Type is multipart/form-data with a boundary");
        Payload payload = Payload.open(ex.body, ex.auth, ex::header);
        MultipartForm form = new MultipartForm(payload.stream(), boundary);
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartForm.Part file = null;
        int total = 0;
        for (MultipartForm.Part p = form.next(); p != null; p = form.next()) {
            if (p.name().equalsIgnoreCase("file")) {
                file = p;
                break;
            }
            byte[] v = p.body().readNBytes(MAX_FIELD + 1);
            total += v.length;
            S3Exception.check(v.length <= MAX_FIELD && total <= MAX_FIELDS, S3ErrorCode.MALFORMED_POST_REQUEST,
                    "a form field is over " + MAX_FIELD + " bytes, or all of them over " + MAX_FIELDS);
            fields.putIfAbsent(p.name().toLowerCase(Locale.ROOT), new String(v, StandardCharsets.UTF_8));
        }
        S3Exception.check(file != null, S3ErrorCode.INVALID_ARGUMENT, "POST requires exactly one file upload per"
                + " request.");
        String key = fields.get("key");
        S3Exception.check(key != null && !key.isEmpty(), S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain a"
                + " field named 'key'.  If it is specified, please check the order of the fields.");
        key = key.replace("${filename}", file.fileName() == null ? "" : file.fileName());
        fields.put("key", key);

        ex.auth = verifier.verifyPostForm(fields);
        String policyField = fields.get("policy");
        PostPolicy policy = policyField == null ? null : PostPolicy.parse(policyField);
        if (policy != null) {
            Map<String, String> checked = new LinkedHashMap<>(fields);
            checked.put("bucket", ex.bucket);
            policy.check(checked, clock.instant());
        }
        authorizer.check(ex, S3Action.PUT_OBJECT, ex.bucket, key);

        long min = policy == null ? 0 : policy.minLength();
        long max = policy == null ? Payload.MAX_OBJECT_SIZE : Math.min(policy.maxLength(), Payload.MAX_OBJECT_SIZE);
        Counting body = new Counting(file.body(), max);
        Objects.Stored stored;
        try {
            stored = objects.put(ex.bucket, key, body, -1, options(ex, fields, file), md5 -> {
                S3Exception.check(body.count <= max, S3ErrorCode.ENTITY_TOO_LARGE, "Your proposed upload exceeds the"
                        + " maximum allowed size");
                S3Exception.check(body.count >= min, S3ErrorCode.ENTITY_TOO_SMALL, "Your proposed upload is smaller"
                        + " than the minimum allowed size");
            });
        } catch (RuntimeException e) {
            // a malformed form fails while the filer reads the file: that is the client's error, not the filer's
            throw body.failure != null ? body.failure : e;
        }
        answer(ex, fields, key, stored);
    }

    private Objects.PutOptions options(S3Exchange ex, Map<String, String> fields, MultipartForm.Part file) {
        Map<String, String> metadata = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith(Objects.META_PREFIX) && name.length() > Objects.META_PREFIX.length()) {
                metadata.put(name, value);
            } else if (Objects.STORED_HEADERS.contains(name) && !value.isBlank()) {
                metadata.put(name, value.strip());
            }
        });
        String bucketOwner = authorizer.owner(ex.bucket, Authorizer.writer(ex, ""));
        String writer = Authorizer.writer(ex, bucketOwner);
        String canned = fields.get("acl");
        AccessControlList acl = canned == null ? AccessControlList.ownerOnly(writer)
                : AccessControlList.canned(canned, writer, bucketOwner);
        if (!acl.equals(AccessControlList.ownerOnly(bucketOwner))) {
            metadata.put(Objects.ACL_ATTRIBUTE, acl.toText());
        }
        String tagging = fields.get("tagging");
        TagSet tags = tagging == null ? TagSet.EMPTY
                : TagSet.parse(tagging.getBytes(StandardCharsets.UTF_8)).validate(false);
        String contentType = fields.getOrDefault("content-type", file.contentType());
        return new Objects.PutOptions(contentType, metadata, tags);
    }

    private static void answer(S3Exchange ex, Map<String, String> fields, String key, Objects.Stored stored) {
        ex.response.putHeader("ETag", stored.eTag());
        ObjectHandlers.versionHeader(ex, stored.versionId());
        String redirect = fields.getOrDefault("success_action_redirect", fields.get("redirect"));
        if (redirect != null && (redirect.startsWith("http://") || redirect.startsWith("https://"))) {
            ex.response.putHeader("Location", redirect + (redirect.contains("?") ? "&" : "?") + "bucket="
                    + URLEncoder.encode(ex.bucket, StandardCharsets.UTF_8) + "&key="
                    + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&etag="
                    + URLEncoder.encode(stored.eTag(), StandardCharsets.UTF_8));
            S3Responses.empty(ex, 303);
            return;
        }
        String status = fields.getOrDefault("success_action_status", "204").strip();
        if (status.equals("201")) {
            String location = ex.url(key);
            S3Responses.xml(ex, 201, XmlWriter.document("PostResponse", false).element("Location", location)
                    .element("Bucket", ex.bucket).element("Key", key).element("ETag", stored.eTag()).finish());
        } else {
            S3Responses.empty(ex, status.equals("200") ? 200 : 204);
        }
    }

    /** Counts the bytes read, and stops after {@code max + 1} of them (the upload is then refused). */
    private static final class Counting extends FilterInputStream {
        private final long max;
        private long count;
        /** What the form's framing failed with while the file was read, or null. */
        private S3Exception failure;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count > max) {
                return -1;
            }
            int r;
            try {
                r = super.read(b, off, (int) Math.min(len, max + 1 - count));
            } catch (S3Exception e) {
                failure = e;
                throw new IOException(e.getMessage(), e);
            }
            if (r > 0) {
                count += r;
            }
            return r;
        }
    }
}
