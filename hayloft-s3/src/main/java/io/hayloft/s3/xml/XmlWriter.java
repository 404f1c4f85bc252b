package io.hayloft.s3.xml;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds the small XML documents S3 answers with: {@code start}/{@code end} elements, text elements
 * escaped. The S3 namespace goes on the root. Used by one thread.
 */
public final class XmlWriter {
    /** The namespace of every S3 response document. */
    public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    /** S3's timestamp form in XML bodies, e.g. {@code 2009-10-12T17:50:30.000Z}. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /** A document whose root is {@code root}, in the S3 namespace when {@code namespaced}. */
    public static XmlWriter document(String root, boolean namespaced) {
        XmlWriter w = new XmlWriter();
        w.out.append('<').append(root);
        if (namespaced) {
            w.out.append(" xmlns=\"").append(S3_NAMESPACE).append('"');
        }
        w.out.append('>');
        w.open.push(root);
        return w;
    }

    /** Opens element {@code name}. */
    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>text</name>}, the text escaped. */
    public XmlWriter element(String name, String text) {
        out.append('<').append(name).append('>');
        escape(text);
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>n</name>}. */
    public XmlWriter element(String name, long n) {
        return element(name, Long.toString(n));
    }

    /** {@code <name>true|false</name>}. */
    public XmlWriter element(String name, boolean b) {
        return element(name, Boolean.toString(b));
    }

    /** {@code <name>timestamp</name>} in S3's form. */
    public XmlWriter element(String name, Instant t) {
        return element(name, TIMESTAMP.format(t));
    }

    /** Appends {@code markup} as it is (for elements with attributes); the caller balances it. */
    XmlWriter raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Closes every open element and returns the UTF-8 bytes. */
    public byte[] finish() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
