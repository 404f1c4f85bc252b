package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The tags of an object or a bucket, in the order they were given, with S3's rules: at most
 * {@value #MAX_OBJECT_TAGS} tags on an object ({@value #MAX_BUCKET_TAGS} on a bucket), keys of
 * 1..{@value #MAX_KEY_LENGTH} characters that are unique and do not start with {@code aws:}, values of
 * at most {@value #MAX_VALUE_LENGTH}. Three forms: the {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>}
 * document of the {@code ?tagging} requests, the URL query form of the {@code x-amz-tagging} header
 * ({@code k1=v1&k2=v2}), which is also how tags are stored (one extended attribute), and the XML
 * answer. Immutable.
 *
 * @param tags the tags, in order
 */
public record TagSet(List<Tag> tags) {
    public static final int MAX_OBJECT_TAGS = 10;
    public static final int MAX_BUCKET_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;
    /** No tags. */
    public static final TagSet EMPTY = new TagSet(List.of());

    /** One tag. */
    public record Tag(String key, String value) {
    }

    public TagSet {
        tags = List.copyOf(tags);
    }

    /**
     * Checks S3's rules for tags on an object ({@code forBucket} false) or a bucket.
     *
     * @return this
     * @throws S3Exception InvalidTag naming the rule broken
     */
    public TagSet validate(boolean forBucket) {
        int max = forBucket ? MAX_BUCKET_TAGS : MAX_OBJECT_TAGS;
        S3Exception.check(tags.size() <= max, S3ErrorCode.INVALID_TAG, "Object tags cannot be greater than " + max);
        Set<String> keys = new HashSet<>();
        for (Tag t : tags) {
            int keyLength = t.key().codePointCount(0, t.key().length());
            S3Exception.check(keyLength >= 1 && keyLength <= MAX_KEY_LENGTH, S3ErrorCode.INVALID_TAG,
                    "The TagKey you have provided is invalid: 1 to " + MAX_KEY_LENGTH + " characters");
            S3Exception.check(t.value().codePointCount(0, t.value().length()) <= MAX_VALUE_LENGTH,
                    S3ErrorCode.INVALID_TAG, "The TagValue you have provided is invalid: at most " + MAX_VALUE_LENGTH
                            + " characters");
            S3Exception.check(!t.key().startsWith("aws:"), S3ErrorCode.INVALID_TAG,
                    "Your TagKey cannot be prefixed with aws:");
            S3Exception.check(keys.add(t.key()), S3ErrorCode.INVALID_TAG,
                    "Cannot provide multiple Tags with the same key: " + t.key());
        }
        return this;
    }

    /** True when there is no tag. */
    /** The tags as a map, key → value (the last of a repeated key). */
    public java.util.Map<String, String> asMap() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    public boolean isEmpty() {
        return tags.isEmpty();
    }

    /**
     * The tags of a URL query string ({@code x-amz-tagging}, or the stored form); null or empty gives none.
     *
     * @throws S3Exception InvalidArgument for a malformed escape
     */
    public static TagSet fromQuery(String query) {
        if (query == null || query.isBlank()) {
            return EMPTY;
        }
        List<Tag> out = new ArrayList<>();
        try {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(new Tag(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The header 'x-amz-tagging' shall be encoded as UTF-8"
                    + " then URLEncoded URL query parameters without tag name duplicates: " + e.getMessage());
        }
        return new TagSet(out);
    }

    /** The URL query form, {@code k1=v1&k2=v2} (empty for no tags). */
    public String toQuery() {
        StringJoiner j = new StringJoiner("&");
        for (Tag t : tags) {
            j.add(URLEncoder.encode(t.key(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(t.value(),
                    StandardCharsets.UTF_8));
        }
        return j.toString();
    }

    /**
     * Parses a {@code <Tagging>} document.
     *
     * @throws S3Exception MalformedXML when it is not one
     */
    public static TagSet parse(byte[] body) {
        List<Tag> out = new ArrayList<>();
        try {
            XMLStreamReader r = DeleteRequest.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            boolean root = false;
            String key = null;
            String value = null;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 1) {
                        check(name.equals("Tagging"), "the root element is " + name + ", not Tagging");
                        root = true;
                    } else if (depth == 2) {
                        check(name.equals("TagSet"), "unexpected element " + name);
                    } else if (depth == 3) {
                        check(name.equals("Tag"), "unexpected element " + name);
                        key = null;
                        value = null;
                    } else if (depth == 4 && (name.equals("Key") || name.equals("Value"))) {
                        String text = r.getElementText();
                        depth--;
                        if (name.equals("Key")) {
                            key = text;
                        } else {
                            value = text;
                        }
                    } else {
                        throw malformed("unexpected element " + name);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 3) {
                        check(key != null, "a Tag has no Key");
                        out.add(new Tag(key, value == null ? "" : value));
                    }
                    depth--;
                }
            }
            check(root, "the body has no Tagging element");
        } catch (XMLStreamException e) {
            throw malformed(e.getMessage());
        }
        return new TagSet(out);
    }

    /** The {@code <Tagging>} answer of GetObjectTagging and GetBucketTagging, tags by key as S3 lists them. */
    public byte[] toXml() {
        XmlWriter w = XmlWriter.document("Tagging", true).start("TagSet");
        for (Tag t : tags.stream().sorted(java.util.Comparator.comparing(Tag::key)).toList()) {
            w.start("Tag").element("Key", t.key()).element("Value", t.value()).end();
        }
        return w.finish();
    }

    private static void check(boolean ok, String why) {
        if (!ok) {
            throw malformed(why);
        }
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed or did not"
                + " validate against our published schema: " + why);
    }
}
