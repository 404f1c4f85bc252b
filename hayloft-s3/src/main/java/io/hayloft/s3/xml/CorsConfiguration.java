package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A bucket's CORS configuration (PutBucketCors), {@code <CORSConfiguration><CORSRule><ID/><AllowedOrigin/>...
 * <AllowedMethod/>...<AllowedHeader/>...<ExposeHeader/>...<MaxAgeSeconds/></CORSRule>...</CORSConfiguration>},
 * and how it answers a cross-origin request: the first rule whose origin pattern, method and (for a
 * preflight) every requested header match. An origin or header pattern may hold one {@code *}, standing
 * for any run of characters; headers match without case. Immutable.
 *
 * @param rules at most {@value #MAX_RULES}
 */
public record CorsConfiguration(List<Rule> rules) {
    /** S3's limit of rules per configuration. */
    public static final int MAX_RULES = 100;
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

    public CorsConfiguration {
        rules = List.copyOf(rules);
    }

    /**
     * One rule.
     *
     * @param maxAgeSeconds -1 when not set
     */
    public record Rule(String id, List<String> origins, List<String> methods, List<String> headers,
                       List<String> exposeHeaders, int maxAgeSeconds) {
        public Rule {
            origins = List.copyOf(origins);
            methods = List.copyOf(methods);
            headers = List.copyOf(headers);
            exposeHeaders = List.copyOf(exposeHeaders);
        }

        /** True when this rule allows {@code method} from {@code origin} with {@code requestHeaders}. */
        public boolean allows(String origin, String method, List<String> requestHeaders) {
            if (!methods.contains(method) || origins.stream().noneMatch(p -> wildcard(p, origin, false))) {
                return false;
            }
            return requestHeaders.stream().allMatch(h -> headers.stream().anyMatch(p -> wildcard(p, h, true)));
        }

        /** The {@code Access-Control-Allow-Origin} this rule answers {@code origin} with. */
        public String allowOrigin(String origin) {
            return origins.contains("*") ? "*" : origin;
        }
    }

    /**
     * Parses and checks {@code body}.
     *
     * @throws S3Exception MalformedXML (not such a document, a rule without an origin or method, over
     *                     {@value #MAX_RULES} rules), InvalidRequest (a method S3 does not know, a pattern with
     *                     more than one {@code *}, a bad MaxAgeSeconds)
     */
    public static CorsConfiguration parse(byte[] body) {
        XmlTree root = XmlTree.parse(body, "CORSConfiguration");
        List<XmlTree> rules = root.all("CORSRule");
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw XmlTree.malformed("a CORS configuration has 1.." + MAX_RULES + " CORSRule elements");
        }
        return new CorsConfiguration(rules.stream().map(CorsConfiguration::rule).toList());
    }

    private static Rule rule(XmlTree r) {
        List<String> origins = texts(r, "AllowedOrigin");
        List<String> methods = texts(r, "AllowedMethod");
        if (origins.isEmpty() || methods.isEmpty()) {
            throw XmlTree.malformed("a CORSRule needs an AllowedOrigin and an AllowedMethod");
        }
        for (String m : methods) {
            S3Exception.check(METHODS.contains(m), S3ErrorCode.INVALID_REQUEST, "Found unsupported HTTP method in"
                    + " CORS config. Unsupported method is " + m);
        }
        List<String> headers = texts(r, "AllowedHeader");
        for (String p : concat(origins, headers)) {
            S3Exception.check(p.indexOf('*') == p.lastIndexOf('*'), S3ErrorCode.INVALID_REQUEST, "AllowedOrigin and"
                    + " AllowedHeader may contain at most one wildcard: " + p);
        }
        int maxAge = -1;
        Optional<String> age = r.text("MaxAgeSeconds");
        if (age.isPresent()) {
            try {
                maxAge = Integer.parseInt(age.get());
            } catch (NumberFormatException e) {
                maxAge = -2;
            }
            S3Exception.check(maxAge >= 0, S3ErrorCode.INVALID_REQUEST, "MaxAgeSeconds is a non-negative integer");
        }
        return new Rule(r.text("ID").orElse(""), origins, methods, headers, texts(r, "ExposeHeader"), maxAge);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> texts(XmlTree r, String name) {
        return r.all(name).stream().map(XmlTree::text).filter(t -> !t.isEmpty()).toList();
    }

    /** The first rule allowing {@code method} from {@code origin} with {@code requestHeaders}. */
    public Optional<Rule> match(String origin, String method, List<String> requestHeaders) {
        return rules.stream().filter(r -> r.allows(origin, method, requestHeaders)).findFirst();
    }

    /** The configuration as GetBucketCors answers it. */
    public byte[] toXml() {
        XmlWriter w = XmlWriter.document("CORSConfiguration", true);
        for (Rule r : rules) {
            w.start("CORSRule");
            if (!r.id().isEmpty()) {
                w.element("ID", r.id());
            }
            r.headers().forEach(h -> w.element("AllowedHeader", h));
            r.methods().forEach(m -> w.element("AllowedMethod", m));
            r.origins().forEach(o -> w.element("AllowedOrigin", o));
            r.exposeHeaders().forEach(h -> w.element("ExposeHeader", h));
            if (r.maxAgeSeconds() >= 0) {
                w.element("MaxAgeSeconds", r.maxAgeSeconds());
            }
            w.end();
        }
        return w.finish();
    }

    /** True when {@code value} matches {@code pattern} (at most one {@code *}, any run of characters). */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(v);
        }
        String head = p.substring(0, star);
        String tail = p.substring(star + 1);
        return v.length() >= head.length() + tail.length() && v.startsWith(head) && v.endsWith(tail);
    }
}
