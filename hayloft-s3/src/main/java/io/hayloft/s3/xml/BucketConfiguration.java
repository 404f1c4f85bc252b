package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The optional body of CreateBucket,
 * {@code <CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>}:
 * checked to be well-formed; the gateway has no regions, so the constraint only decides how a bucket created
 * again by its owner is answered (as AWS does: 200 in us-east-1, where no constraint is sent, else
 * {@code BucketAlreadyOwnedByYou}).
 */
public final class BucketConfiguration {
    private BucketConfiguration() {
    }

    /**
     * The location constraint of {@code body} (empty: none, or an empty body).
     *
     * @throws S3Exception MalformedXML
     */
    public static String locationConstraint(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        return XmlTree.parse(body, "CreateBucketConfiguration").text("LocationConstraint").orElse("");
    }
}
