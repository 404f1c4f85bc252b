package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The body of DeleteObjects:
 * {@code <Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>} (namespace optional,
 * at most {@value #MAX_KEYS} objects). Parsed with StAX, DTDs and external entities off.
 *
 * @param quiet   true to report only failures
 * @param objects the objects to delete, in order
 */
public record DeleteRequest(boolean quiet, List<Target> objects) {
    /** S3's limit of keys per DeleteObjects. */
    public static final int MAX_KEYS = 1000;

    /** One object to delete: its key and, optionally, the version ({@code null} when none is named). */
    public record Target(String key, String versionId) {
    }

    public DeleteRequest {
        objects = List.copyOf(objects);
    }

    /** The keys to delete, in order. */
    public List<String> keys() {
        return objects.stream().map(Target::key).toList();
    }

    /** A parser with DTDs and external entities off (no XXE). */
    static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /**
     * Parses {@code body}.
     *
     * @throws S3Exception MalformedXML when it is not such a document, has no object or more than 1000
     */
    public static DeleteRequest parse(byte[] body) {
        boolean quiet = false;
        List<Target> keys = new ArrayList<>();
        String version = null;
        try {
            XMLStreamReader r = safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            String inObject = null;
            boolean sawRoot = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 1) {
                        if (!name.equals("Delete")) {
                            throw malformed("the root element is " + name + ", not Delete");
                        }
                        sawRoot = true;
                    } else if (depth == 2 && name.equals("Quiet")) {
                        String v = r.getElementText().strip();
                        depth--;
                        if (!v.equals("true") && !v.equals("false")) {
                            throw malformed("Quiet is true or false, not " + v);
                        }
                        quiet = v.equals("true");
                    } else if (depth == 2 && name.equals("Object")) {
                        inObject = null;
                        version = null;
                    } else if (depth == 3 && name.equals("Key")) {
                        inObject = r.getElementText();
                        depth--;
                    } else if (depth == 3 && name.equals("VersionId")) {
                        version = r.getElementText().strip();
                        depth--;
                    } else {
                        throw malformed("unexpected element " + name);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && r.getLocalName().equals("Object")) {
                        if (inObject == null) {
                            throw malformed("an Object has no Key");
                        }
                        keys.add(new Target(inObject, version == null || version.isEmpty() ? null : version));
                        if (keys.size() > MAX_KEYS) {
                            throw malformed("at most " + MAX_KEYS + " objects per request");
                        }
                    }
                    depth--;
                }
            }
            if (!sawRoot || keys.isEmpty()) {
                throw malformed("no Object to delete");
            }
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
        return new DeleteRequest(quiet, keys);
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed or did not"
                + " validate against our published schema: " + why);
    }
}
