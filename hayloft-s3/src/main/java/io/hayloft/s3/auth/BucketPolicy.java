package io.hayloft.s3.auth;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bucket policy: the JSON document of PutBucketPolicy, checked when it is put and evaluated on requests
 * the way AWS evaluates one: an explicit {@code Deny} that matches wins, then an {@code Allow} that matches,
 * else the policy says nothing. A statement matches when its {@code Principal} (or not its
 * {@code NotPrincipal}), {@code Action}/{@code NotAction}, {@code Resource}/{@code NotResource} and every
 * {@code Condition} match. Principals are {@code "*"} (anyone, signed or not) or an identity's name, bare or
 * as an ARN ({@code arn:aws:iam::<name>:root}, {@code arn:aws:iam::<account>:user/<name>}). Conditions: the
 * {@code String*}, {@code Numeric*}, {@code Date*}, {@code Bool}, {@code IpAddress}/{@code NotIpAddress} and
 * {@code Null} operators, each optionally {@code ...IfExists}, with {@code ForAnyValue:}/{@code ForAllValues:}
 * accepted on single values. Immutable and thread-safe.
 *
 * @param text       the document as put (GetBucketPolicy answers it unchanged)
 * @param statements its statements
 */
public record BucketPolicy(String text, List<Statement> statements) {
    /** The largest policy S3 accepts. */
    public static final int MAX_BYTES = 20 * 1024;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
            "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
            "IpAddress", "NotIpAddress", "Null", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike");

    public BucketPolicy {
        statements = List.copyOf(statements);
    }

    /** What a policy says of a request. */
    public enum Decision {
        ALLOW, DENY, NONE
    }

    /**
     * One statement.
     *
     * @param allow        {@code Effect: Allow} (else Deny)
     * @param principals   who it is about; {@code "*"} for anyone
     * @param notPrincipal whether it is about everyone but {@code principals}
     * @param actions      action patterns, e.g. {@code s3:Get*}
     * @param notAction    whether it is about every action but those
     * @param resources    resource ARN patterns
     * @param notResource  whether it is about every resource but those
     * @param conditions   what else must hold
     */
    public record Statement(boolean allow, List<String> principals, boolean notPrincipal, List<String> actions,
                            boolean notAction, List<String> resources, boolean notResource, List<Condition> conditions) {
    }

    /**
     * One condition: {@code operator} applied to the request's value of {@code key} and {@code values}.
     *
     * @param operator the operator without {@code IfExists} and set prefixes, e.g. {@code StringLike}
     * @param ifExists true when a missing key satisfies it
     */
    public record Condition(String operator, boolean ifExists, String key, List<String> values) {
    }

    /**
     * What a request is, for evaluation.
     *
     * @param principal the identity's name, null for an unsigned request
     * @param action    e.g. {@code s3:GetObject}
     * @param resource  e.g. {@code arn:aws:s3:::bucket/key}
     * @param context   the request's value of a condition key ({@code s3:prefix}, {@code s3:x-amz-acl},
     *                  {@code s3:ExistingObjectTag/<key>}, {@code aws:SourceIp}...), or empty
     */
    public record Request(String principal, String action, String resource, Function<String, Optional<String>> context) {
    }

    /**
     * Parses and checks {@code body} as a policy for {@code bucket}.
     *
     * @throws S3Exception MalformedPolicy naming what is wrong
     */
    public static BucketPolicy parse(byte[] body, String bucket) {
        if (body.length > MAX_BYTES) {
            throw malformed("Policies must be at most " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw malformed("This policy contains invalid Json");
        }
        if (root == null || !root.isObject()) {
            throw malformed("This policy contains invalid Json");
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isString() && Set.of("2012-10-17", "2008-10-17").contains(version.asString()))) {
            throw malformed("The policy Version is 2012-10-17 or 2008-10-17");
        }
        JsonNode st = root.get("Statement");
        if (st == null || !(st.isObject() || st.isArray()) || st.isEmpty()) {
            throw malformed("Missing required field Statement");
        }
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? st : List.of(st)) {
            out.add(statement(s, bucket));
        }
        return new BucketPolicy(new String(body, StandardCharsets.UTF_8), out);
    }

    private static Statement statement(JsonNode s, String bucket) {
        if (!s.isObject()) {
            throw malformed("A Statement is a JSON object");
        }
        String effect = s.has("Effect") && s.get("Effect").isString() ? s.get("Effect").asString() : "";
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw malformed("Invalid effect: " + effect);
        }
        boolean notPrincipal = s.has("NotPrincipal");
        JsonNode p = notPrincipal ? s.get("NotPrincipal") : s.get("Principal");
        if (p == null || s.has("Principal") && notPrincipal) {
            throw malformed("A bucket policy statement needs a Principal or a NotPrincipal");
        }
        List<String> principals = principals(p);
        boolean notAction = s.has("NotAction");
        List<String> actions = strings(notAction ? s.get("NotAction") : s.get("Action"), "Action");
        for (String a : actions) {
            if (!a.equals("*") && !a.toLowerCase(Locale.ROOT).startsWith("s3:")) {
                throw malformed("Policy has invalid action: " + a);
            }
        }
        boolean notResource = s.has("NotResource");
        List<String> resources = strings(notResource ? s.get("NotResource") : s.get("Resource"), "Resource");
        for (String r : resources) {
            String b = r.startsWith("arn:aws:s3:::") ? r.substring("arn:aws:s3:::".length()).split("/", 2)[0] : null;
            if (!r.equals("*") && (b == null || !glob(b, bucket, false))) {
                throw malformed("Policy has invalid resource: " + r);
            }
        }
        List<Condition> conditions = new ArrayList<>();
        JsonNode c = s.get("Condition");
        if (c != null) {
            if (!c.isObject()) {
                throw malformed("A Condition is a JSON object");
            }
            for (var op : c.properties()) {
                String name = op.getKey();
                int colon = name.indexOf(':');
                if (colon >= 0) {
                    String set = name.substring(0, colon);
                    if (!set.equals("ForAnyValue") && !set.equals("ForAllValues")) {
                        throw malformed("Invalid Condition type: " + name);
                    }
                    name = name.substring(colon + 1);
                }
                boolean ifExists = name.endsWith("IfExists");
                String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
                if (!OPERATORS.contains(base) || !op.getValue().isObject()) {
                    throw malformed("Invalid Condition type: " + op.getKey());
                }
                for (var kv : op.getValue().properties()) {
                    conditions.add(new Condition(base, ifExists, kv.getKey(), strings(kv.getValue(), "Condition value")));
                }
            }
        }
        return new Statement(effect.equals("Allow"), principals, notPrincipal, actions, notAction, resources,
                notResource, conditions);
    }

    private static List<String> principals(JsonNode p) {
        if (p.isString()) {
            if (!p.asString().equals("*")) {
                throw malformed("Invalid principal in policy: " + p.asString());
            }
            return List.of("*");
        }
        if (!p.isObject() || p.isEmpty()) {
            throw malformed("Invalid principal in policy");
        }
        List<String> out = new ArrayList<>();
        for (var e : p.properties()) {
            if (!e.getKey().equals("AWS") && !e.getKey().equals("CanonicalUser")) {
                throw malformed("Invalid principal in policy: " + e.getKey());
            }
            out.addAll(strings(e.getValue(), "Principal"));
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String what) {
        if (n == null) {
            throw malformed("Missing required field " + what);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n.isArray() ? n : List.of(n)) {
            if (!(v.isString() || v.isNumber() || v.isBoolean())) {
                throw malformed(what + " must be a string or a list of strings");
            }
            out.add(v.asString());
        }
        if (out.isEmpty()) {
            throw malformed(what + " must not be empty");
        }
        return out;
    }

    /** What this policy says of {@code r}: DENY when a Deny statement matches, else ALLOW when an Allow does. */
    public Decision evaluate(Request r) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (!matches(s, r)) {
                continue;
            }
            if (!s.allow()) {
                return Decision.DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.NONE;
    }

    private static boolean matches(Statement s, Request r) {
        boolean principal = s.principals().stream().anyMatch(p -> principalMatches(p, r.principal()));
        if (principal == s.notPrincipal()) {
            return false;
        }
        boolean action = s.actions().stream().anyMatch(a -> glob(a, r.action(), true));
        if (action == s.notAction()) {
            return false;
        }
        boolean resource = s.resources().stream().anyMatch(p -> glob(p, r.resource(), false));
        if (resource == s.notResource()) {
            return false;
        }
        return s.conditions().stream().allMatch(c -> holds(c, r.context().apply(c.key())));
    }

    private static boolean principalMatches(String pattern, String principal) {
        if (pattern.equals("*")) {
            return true;
        }
        if (principal == null) {
            return false;
        }
        if (pattern.equals(principal)) {
            return true;
        }
        if (pattern.startsWith("arn:aws:iam::")) {
            String rest = pattern.substring("arn:aws:iam::".length());
            int colon = rest.indexOf(':');
            String account = colon < 0 ? rest : rest.substring(0, colon);
            String resource = colon < 0 ? "" : rest.substring(colon + 1);
            return resource.equals("root") && account.equals(principal) || resource.equals("user/" + principal);
        }
        return false;
    }

    private static boolean holds(Condition c, Optional<String> value) {
        if (c.operator().equals("Null")) {
            boolean wantAbsent = c.values().stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return value.isEmpty() == wantAbsent;
        }
        boolean negated = c.operator().contains("Not");
        if (value.isEmpty()) {
            return c.ifExists() || negated;
        }
        String v = value.get();
        boolean any = c.values().stream().anyMatch(want -> positive(c.operator(), want, v));
        return negated != any;
    }

    /** The operator without its negation, applied to one wanted value. */
    private static boolean positive(String operator, String want, String v) {
        String op = operator.replace("Not", "");
        try {
            return switch (op) {
                case "StringEquals" -> want.equals(v);
                case "StringEqualsIgnoreCase" -> want.equalsIgnoreCase(v);
                case "StringLike", "ArnLike", "ArnEquals" -> glob(want, v, false);
                case "NumericEquals" -> new BigDecimal(v).compareTo(new BigDecimal(want)) == 0;
                case "NumericLessThan" -> new BigDecimal(v).compareTo(new BigDecimal(want)) < 0;
                case "NumericLessThanEquals" -> new BigDecimal(v).compareTo(new BigDecimal(want)) <= 0;
                case "NumericGreaterThan" -> new BigDecimal(v).compareTo(new BigDecimal(want)) > 0;
                case "NumericGreaterThanEquals" -> new BigDecimal(v).compareTo(new BigDecimal(want)) >= 0;
                case "DateEquals" -> Instant.parse(v).equals(Instant.parse(want));
                case "DateLessThan" -> Instant.parse(v).isBefore(Instant.parse(want));
                case "DateLessThanEquals" -> !Instant.parse(v).isAfter(Instant.parse(want));
                case "DateGreaterThan" -> Instant.parse(v).isAfter(Instant.parse(want));
                case "DateGreaterThanEquals" -> !Instant.parse(v).isBefore(Instant.parse(want));
                case "Bool" -> want.equalsIgnoreCase(v);
                case "IpAddress" -> inCidr(v, want);
                default -> false;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }

    private static boolean inCidr(String address, String cidr) {
        try {
            int slash = cidr.indexOf('/');
            byte[] net = InetAddress.ofLiteral(slash < 0 ? cidr : cidr.substring(0, slash)).getAddress();
            byte[] a = InetAddress.ofLiteral(address).getAddress();
            if (net.length != a.length) {
                return false;
            }
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (a[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** IAM's wildcard match: {@code *} any run of characters, {@code ?} one character. */
    static boolean glob(String pattern, String text, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String t = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_POLICY, why);
    }
}
