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
 * checked to be well-formed; the gateway has no regions, so the constraint is accepted and not kept.
 */
public final class BucketConfiguration {
    private BucketConfiguration() {
    }

    /**
     * Checks {@code body} (empty is fine).
     *
     * @throws S3Exception MalformedXML
     */
    public static void check(byte[] body) {
        if (body.length == 0) {
            return;
        }
        try {
            XMLStreamReader r = DeleteRequest.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            boolean root = false;
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && !root) {
                    root = true;
                    if (!r.getLocalName().equals("CreateBucketConfiguration")) {
                        throw new S3Exception(S3ErrorCode.MALFORMED_XML, "the root element is " + r.getLocalName()
                                + ", not CreateBucketConfiguration");
                    }
                }
            }
            if (!root) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML, "the body has no element");
            }
        } catch (XMLStreamException e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed: " + e.getMessage());
        }
    }
}
