package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.MultipartUploads;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.payload.Payload;
import io.hayloft.s3.xml.CompleteRequest;
import io.hayloft.s3.xml.XmlWriter;
import java.io.IOException;
import java.util.List;

/**
 * CreateMultipartUpload ({@code POST ?uploads}), UploadPart ({@code PUT ?partNumber&uploadId}),
 * ListParts ({@code GET ?uploadId}), CompleteMultipartUpload ({@code POST ?uploadId}) and
 * AbortMultipartUpload ({@code DELETE ?uploadId}). Each runs on the request's virtual thread.
 */
public final class MultipartHandlers {
    private static final int MAX_COMPLETE_BODY = 4 << 20;

    private final MultipartUploads uploads;

    public MultipartHandlers(MultipartUploads uploads) {
        this.uploads = uploads;
    }

    void create(S3Exchange ex) {
        String id = uploads.create(ex.bucket, ex.key, new Objects.PutOptions(ObjectHandlers.contentType(ex),
                ObjectHandlers.userMetadata(ex)));
        S3Responses.xml(ex, 200, XmlWriter.document("InitiateMultipartUploadResult", true)
                .element("Bucket", ex.bucket).element("Key", ex.key).element("UploadId", id).finish());
    }

    void uploadPart(S3Exchange ex) {
        int number;
        try {
            number = Integer.parseInt(ex.param("partNumber"));
        } catch (NumberFormatException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and "
                    + MultipartUploads.MAX_PART_NUMBER + ", inclusive");
        }
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

    void listParts(S3Exchange ex) {
        List<MultipartUploads.Part> parts = uploads.parts(ex.bucket, ex.key, ex.param("uploadId"));
        XmlWriter w = XmlWriter.document("ListPartsResult", true).element("Bucket", ex.bucket).element("Key", ex.key)
                .element("UploadId", ex.param("uploadId")).element("MaxParts", MultipartUploads.MAX_PART_NUMBER)
                .element("IsTruncated", false).element("StorageClass", "STANDARD");
        for (MultipartUploads.Part p : parts) {
            w.start("Part").element("PartNumber", p.number()).element("LastModified", p.lastModified())
                    .element("ETag", p.eTag()).element("Size", p.size()).end();
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    void complete(S3Exchange ex) throws IOException {
        List<MultipartUploads.PartRef> parts = CompleteRequest.parse(SmallBody.read(ex, MAX_COMPLETE_BODY));
        String eTag = uploads.complete(ex.bucket, ex.key, ex.param("uploadId"), parts);
        S3Responses.xml(ex, 200, XmlWriter.document("CompleteMultipartUploadResult", true)
                .element("Location", "/" + ex.bucket + "/" + ex.key).element("Bucket", ex.bucket)
                .element("Key", ex.key).element("ETag", eTag).finish());
    }

    void abort(S3Exchange ex) {
        uploads.abort(ex.bucket, ex.key, ex.param("uploadId"));
        S3Responses.empty(ex, 204);
    }
}
