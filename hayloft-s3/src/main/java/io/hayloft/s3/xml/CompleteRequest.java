package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.MultipartUploads;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The body of CompleteMultipartUpload:
 * {@code <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag></Part>...</CompleteMultipartUpload>}
 * (checksum elements accepted and ignored). Parsed with StAX, DTDs and external entities off.
 */
public final class CompleteRequest {
    private CompleteRequest() {
    }

    /**
     * The parts in the order given.
     *
     * @throws S3Exception MalformedXML
     */
    public static List<MultipartUploads.PartRef> parse(byte[] body) {
        List<MultipartUploads.PartRef> parts = new ArrayList<>();
        try {
            XMLStreamReader r = DeleteRequest.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            Integer number = null;
            String eTag = null;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 1 && !name.equals("CompleteMultipartUpload")) {
                        throw malformed("the root element is " + name);
                    } else if (depth == 2) {
                        if (!name.equals("Part")) {
                            throw malformed("unexpected element " + name);
                        }
                        number = null;
                        eTag = null;
                    } else if (depth == 3) {
                        String text = r.getElementText().strip();
                        depth--;
                        if (name.equals("PartNumber")) {
                            try {
                                number = Integer.parseInt(text);
                            } catch (NumberFormatException e) {
                                throw malformed("PartNumber is not a number: " + text);
                            }
                        } else if (name.equals("ETag")) {
                            eTag = text;
                        }
                    } else if (depth > 3) {
                        throw malformed("unexpected element " + name);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2) {
                        if (number == null || eTag == null) {
                            throw malformed("a Part needs a PartNumber and an ETag");
                        }
                        parts.add(new MultipartUploads.PartRef(number, eTag));
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
        if (parts.isEmpty() || parts.size() > MultipartUploads.MAX_PART_NUMBER) {
            throw malformed("name 1 to " + MultipartUploads.MAX_PART_NUMBER + " parts");
        }
        return parts;
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed or did not"
                + " validate against our published schema: " + why);
    }
}
