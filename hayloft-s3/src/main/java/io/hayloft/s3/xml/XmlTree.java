package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small S3 configuration document read whole into elements (local names, namespaces ignored), for the
 * bucket configurations that nest a few levels (CORS, lifecycle). Parsed with StAX, DTDs and external
 * entities off; at most {@value #MAX_ELEMENTS} elements. Immutable.
 *
 * @param name     the element's local name
 * @param text     its text (trimmed), empty for an element with children
 * @param children its child elements, in order
 */
public record XmlTree(String name, String text, List<XmlTree> children) {
    /** The most elements a configuration may have. */
    public static final int MAX_ELEMENTS = 20_000;

    public XmlTree {
        children = List.copyOf(children);
    }

    /**
     * Parses {@code body}, checking its root is {@code root}.
     *
     * @throws S3Exception MalformedXML when it is not well-formed, has another root or too many elements
     */
    public static XmlTree parse(byte[] body, String root) {
        try {
            XMLStreamReader r = DeleteRequest.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            Deque<Builder> open = new ArrayDeque<>();
            Builder top = null;
            int count = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (++count > MAX_ELEMENTS) {
                        throw malformed("more than " + MAX_ELEMENTS + " elements");
                    }
                    Builder b = new Builder(r.getLocalName());
                    if (open.isEmpty()) {
                        if (top != null) {
                            throw malformed("more than one root element");
                        }
                        top = b;
                    } else {
                        open.peek().children.add(b);
                    }
                    open.push(b);
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (!open.isEmpty()) {
                        open.peek().text.append(r.getText());
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    open.pop();
                }
            }
            if (top == null) {
                throw malformed("the body has no element");
            }
            if (!top.name.equals(root)) {
                throw malformed("the root element is " + top.name + ", not " + root);
            }
            return top.build();
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
    }

    /** The children named {@code child}. */
    public List<XmlTree> all(String child) {
        return children.stream().filter(c -> c.name.equals(child)).toList();
    }

    /** The first child named {@code child}. */
    public Optional<XmlTree> first(String child) {
        return children.stream().filter(c -> c.name.equals(child)).findFirst();
    }

    /** The text of the first child named {@code child}. */
    public Optional<String> text(String child) {
        return first(child).map(XmlTree::text);
    }

    /** A MalformedXML error saying {@code why}. */
    public static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed or did not"
                + " validate against our published schema: " + why);
    }

    private static final class Builder {
        private final String name;
        private final StringBuilder text = new StringBuilder();
        private final List<Builder> children = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        XmlTree build() {
            return new XmlTree(name, children.isEmpty() ? text.toString().strip() : "",
                    children.stream().map(Builder::build).toList());
        }
    }
}
