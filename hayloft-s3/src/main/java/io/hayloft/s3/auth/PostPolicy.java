package io.hayloft.s3.auth;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy document of a browser POST upload: base64 JSON with an {@code expiration} and a list of
 * {@code conditions} on the form's fields, each an exact match ({@code {"acl": "private"}} or
 * {@code ["eq", "$acl", "private"]}), a prefix ({@code ["starts-with", "$key", "user/"]}) or the file's size
 * ({@code ["content-length-range", 0, 1048576]}). Field names and operators match without case; the
 * document's own keys with it, as AWS does. Immutable.
 *
 * @param expiration when the policy stops admitting uploads
 * @param conditions its conditions
 * @param minLength  the smallest file it admits
 * @param maxLength  the largest file it admits
 */
public record PostPolicy(Instant expiration, List<Condition> conditions, long minLength, long maxLength) {
    /** Form fields no condition needs to name. */
    private static final Set<String> UNCHECKED = Set.of("file", "policy", "signature", "awsaccesskeyid",
            "x-amz-signature", "x-amz-credential", "x-amz-algorithm", "x-amz-date", "x-amz-security-token");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public PostPolicy {
        conditions = List.copyOf(conditions);
    }

    /**
     * One condition on a field.
     *
     * @param field  the field's lower-case name ({@code bucket} is the request's bucket)
     * @param prefix true for {@code starts-with}, false for an exact match
     * @param value  the value or prefix
     */
    public record Condition(String field, boolean prefix, String value) {
    }

    /**
     * Decodes and checks the {@code policy} field.
     *
     * @throws S3Exception InvalidPolicyDocument when it is not base64 JSON of that form
     */
    public static PostPolicy parse(String base64) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Base64.getMimeDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid("the policy is not base64-encoded JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the policy is not a JSON object");
        }
        JsonNode expiration = root.get("expiration");
        if (expiration == null || !expiration.isString()) {
            throw invalid("Policy missing expiration");
        }
        Instant expires;
        try {
            expires = Instant.parse(expiration.asString());
        } catch (DateTimeParseException e) {
            throw invalid("Invalid Policy: Invalid 'expiration' value: '" + expiration.asString() + "'");
        }
        JsonNode list = root.get("conditions");
        if (list == null || !list.isArray()) {
            throw invalid("Policy missing conditions");
        }
        List<Condition> conditions = new ArrayList<>();
        long min = 0;
        long max = Long.MAX_VALUE;
        for (JsonNode c : list) {
            if (c.isObject()) {
                if (c.size() != 1) {
                    throw invalid("Invalid Policy: a condition object names exactly one field");
                }
                var e = c.properties().iterator().next();
                if (!e.getValue().isString()) {
                    throw invalid("Invalid Policy: the value of " + e.getKey() + " is not a string");
                }
                conditions.add(new Condition(e.getKey().toLowerCase(Locale.ROOT), false, e.getValue().asString()));
            } else if (c.isArray() && c.size() == 3) {
                String op = c.get(0).asString("").toLowerCase(Locale.ROOT);
                if (op.equals("content-length-range")) {
                    if (!c.get(1).canConvertToLong() || !c.get(2).canConvertToLong() || c.get(1).asLong() < 0
                            || c.get(2).asLong() < c.get(1).asLong()) {
                        throw invalid("Invalid Policy: content-length-range needs two integers, min <= max");
                    }
                    min = c.get(1).asLong();
                    max = c.get(2).asLong();
                    continue;
                }
                String field = c.get(1).asString("");
                if (!c.get(2).isString() || !field.startsWith("$") || !(op.equals("eq") || op.equals("starts-with"))) {
                    throw invalid("Invalid Policy: Invalid Condition: " + c);
                }
                conditions.add(new Condition(field.substring(1).toLowerCase(Locale.ROOT), op.equals("starts-with"),
                        c.get(2).asString()));
            } else {
                throw invalid("Invalid Policy: Invalid Condition: " + c);
            }
        }
        return new PostPolicy(expires, conditions, min, max);
    }

    /**
     * Checks the form against this policy.
     *
     * @param fields the form's fields, lower-case names, and {@code bucket}
     * @throws S3Exception AccessDenied when it expired, a condition fails or a field is named by none
     */
    public void check(Map<String, String> fields, Instant now) {
        if (!now.isBefore(expiration)) {
            throw denied("Invalid according to Policy: Policy expired.");
        }
        for (Condition c : conditions) {
            String v = fields.get(c.field());
            if (v == null || (c.prefix() ? !v.startsWith(c.value()) : !v.equals(c.value()))) {
                throw denied("Invalid according to Policy: Policy Condition failed: [\"" + (c.prefix() ? "starts-with"
                        : "eq") + "\", \"$" + c.field() + "\", \"" + c.value() + "\"]");
            }
        }
        for (String f : fields.keySet()) {
            if (!UNCHECKED.contains(f) && !f.startsWith("x-ignore-") && !f.equals("bucket")
                    && conditions.stream().noneMatch(c -> c.field().equals(f))) {
                throw denied("Invalid according to Policy: Extra input fields: " + f);
            }
        }
    }

    private static S3Exception invalid(String why) {
        return new S3Exception(S3ErrorCode.INVALID_POLICY_DOCUMENT, why);
    }

    private static S3Exception denied(String why) {
        return new S3Exception(S3ErrorCode.ACCESS_DENIED, why);
    }
}
