package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The body of PutBucketVersioning,
 * {@code <VersioningConfiguration><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>}
 * (namespace optional), parsed with StAX, DTDs and external entities off.
 *
 * @param status {@code Enabled} or {@code Suspended}
 */
public record VersioningConfiguration(String status) {
    /**
     * Parses {@code body}.
     *
     * @throws S3Exception MalformedXML when it is not such a document or has a Status other than
     *                     {@code Enabled} or {@code Suspended}; NotImplemented for {@code MfaDelete Enabled}
     */
    public static VersioningConfiguration parse(byte[] body) {
        String status = null;
        String mfa = null;
        try {
            XMLStreamReader r = DeleteRequest.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            boolean root = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 1) {
                        if (!name.equals("VersioningConfiguration")) {
                            throw malformed("the root element is " + name + ", not VersioningConfiguration");
                        }
                        root = true;
                    } else if (depth == 2 && name.equals("Status")) {
                        status = r.getElementText().strip();
                        depth--;
                    } else if (depth == 2 && name.equals("MfaDelete")) {
                        mfa = r.getElementText().strip();
                        depth--;
                    } else {
                        throw malformed("unexpected element " + name);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if (!root) {
                throw malformed("the body has no VersioningConfiguration");
            }
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw malformed("Status is Enabled or Suspended, not " + status);
        }
        S3Exception.check(mfa == null || mfa.equals("Disabled"), S3ErrorCode.NOT_IMPLEMENTED,
                "MFA delete is not supported by this gateway");
        return new VersioningConfiguration(status);
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed or did not"
                + " validate against our published schema: " + why);
    }
}
