package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An S3 access control list: an owner and grants of {@link Permission}s to identities (by canonical ID,
 * which here is an identity's name), to everyone ({@link #ALL_USERS}) or to every signed request
 * ({@link #AUTHENTICATED_USERS}). Made from a canned ACL ({@code x-amz-acl}), {@code x-amz-grant-*}
 * headers or an {@code AccessControlPolicy} body; kept as the XML GetBucketAcl/GetObjectAcl answer.
 * Immutable.
 *
 * @param owner  the owner's canonical ID
 * @param grants the grants, in order
 */
public record AccessControlList(String owner, List<Grant> grants) {
    /** The group of everyone, signed or not. */
    public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    /** The group of every signed request. */
    public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    /** The log delivery group (granted by {@code log-delivery-write}; no request is ever in it here). */
    public static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final int MAX_GRANTS = 100;

    public AccessControlList {
        grants = List.copyOf(grants);
    }

    /** What a grant allows. {@code FULL_CONTROL} includes the other four. */
    public enum Permission {
        READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL;

        /** The permission named {@code text}, or empty. */
        static Optional<Permission> of(String text) {
            for (Permission p : values()) {
                if (p.name().equals(text)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** Who a grant is to: a {@code CanonicalUser} (an identity's name), a {@code Group} (a URI) or an email. */
    public enum GranteeType {
        CANONICAL_USER("CanonicalUser"), GROUP("Group"), EMAIL("AmazonCustomerByEmail");

        private final String xsiType;

        GranteeType(String xsiType) {
            this.xsiType = xsiType;
        }
    }

    /**
     * One grant.
     *
     * @param type       what {@code grantee} is
     * @param grantee    the canonical ID, group URI or email address
     * @param permission what it allows
     */
    public record Grant(GranteeType type, String grantee, Permission permission) {
    }

    /** The ACL every bucket and object has until one is set: the owner's full control. */
    public static AccessControlList ownerOnly(String owner) {
        return new AccessControlList(owner, List.of(new Grant(GranteeType.CANONICAL_USER, owner, Permission.FULL_CONTROL)));
    }

    /**
     * The canned ACL {@code name} for something owned by {@code owner} in a bucket owned by {@code bucketOwner}.
     *
     * @throws S3Exception InvalidArgument for an unknown name
     */
    public static AccessControlList canned(String name, String owner, String bucketOwner) {
        List<Grant> g = new ArrayList<>(ownerOnly(owner).grants());
        switch (name.strip()) {
            case "private", "aws-exec-read" -> {
            }
            case "public-read" -> g.add(new Grant(GranteeType.GROUP, ALL_USERS, Permission.READ));
            case "public-read-write" -> {
                g.add(new Grant(GranteeType.GROUP, ALL_USERS, Permission.READ));
                g.add(new Grant(GranteeType.GROUP, ALL_USERS, Permission.WRITE));
            }
            case "authenticated-read" -> g.add(new Grant(GranteeType.GROUP, AUTHENTICATED_USERS, Permission.READ));
            case "bucket-owner-read" -> {
                if (!bucketOwner.equals(owner)) {
                    g.add(new Grant(GranteeType.CANONICAL_USER, bucketOwner, Permission.READ));
                }
            }
            case "bucket-owner-full-control" -> {
                if (!bucketOwner.equals(owner)) {
                    g.add(new Grant(GranteeType.CANONICAL_USER, bucketOwner, Permission.FULL_CONTROL));
                }
            }
            case "log-delivery-write" -> {
                g.add(new Grant(GranteeType.GROUP, LOG_DELIVERY, Permission.WRITE));
                g.add(new Grant(GranteeType.GROUP, LOG_DELIVERY, Permission.READ_ACP));
            }
            default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "unknown canned ACL '" + name.strip() + "'");
        }
        return new AccessControlList(owner, g);
    }

    /**
     * The ACL the {@code x-amz-acl} or {@code x-amz-grant-*} headers of a request ask for, or empty when it has
     * none of them.
     *
     * @param knownUser whether a canonical ID names an identity
     * @throws S3Exception InvalidRequest for both kinds at once, InvalidArgument for an unknown canned ACL, a
     *                     malformed grant or an unknown ID, UnresolvableGrantByEmailAddress for an email grant
     */
    public static Optional<AccessControlList> fromHeaders(Function<String, String> header, String owner,
                                                         String bucketOwner, Predicate<String> knownUser) {
        String canned = header.apply("x-amz-acl");
        List<Grant> grants = new ArrayList<>();
        for (Permission p : Permission.values()) {
            String value = header.apply("x-amz-grant-" + p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                grants.add(headerGrant(part.strip(), p, knownUser));
            }
        }
        if (canned != null) {
            S3Exception.check(grants.isEmpty(), S3ErrorCode.INVALID_REQUEST, "Specifying both Canned ACLs and Header"
                    + " Grants is not allowed");
            return Optional.of(canned(canned, owner, bucketOwner));
        }
        return grants.isEmpty() ? Optional.empty() : Optional.of(new AccessControlList(owner, grants));
    }

    private static Grant headerGrant(String text, Permission p, Predicate<String> knownUser) {
        int eq = text.indexOf('=');
        S3Exception.check(eq > 0, S3ErrorCode.INVALID_ARGUMENT, "a grant is id=..., uri=... or emailAddress=...,"
                + " not '" + text + "'");
        String kind = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return switch (kind) {
            case "id" -> new Grant(GranteeType.CANONICAL_USER, knownId(value, knownUser), p);
            case "uri" -> new Grant(GranteeType.GROUP, knownGroup(value), p);
            case "emailaddress" -> throw unresolvable(value);
            default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "a grant is id=..., uri=... or"
                    + " emailAddress=..., not '" + text + "'");
        };
    }

    /**
     * Parses an {@code AccessControlPolicy} body (PutBucketAcl, PutObjectAcl) for something owned by
     * {@code owner}.
     *
     * @throws S3Exception MalformedACLError for a body that is not such a document, AccessDenied when it names
     *                     another owner, InvalidArgument for an unknown ID or group,
     *                     UnresolvableGrantByEmailAddress for an email grant
     */
    public static AccessControlList parse(byte[] body, String owner, Predicate<String> knownUser) {
        XmlTree root;
        try {
            root = XmlTree.parse(body, "AccessControlPolicy");
        } catch (S3Exception e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR, e.getMessage());
        }
        root.first("Owner").flatMap(o -> o.text("ID")).ifPresent(id -> S3Exception.check(id.equals(owner),
                S3ErrorCode.ACCESS_DENIED, "the ACL names owner " + id + ", but " + owner + " owns it"));
        XmlTree list = root.first("AccessControlList").orElseThrow(() -> malformed("no AccessControlList"));
        List<Grant> grants = new ArrayList<>();
        for (XmlTree g : list.all("Grant")) {
            S3Exception.check(grants.size() < MAX_GRANTS, S3ErrorCode.MALFORMED_ACL_ERROR, "more than " + MAX_GRANTS
                    + " grants");
            XmlTree grantee = g.first("Grantee").orElseThrow(() -> malformed("a Grant needs a Grantee"));
            Permission p = g.text("Permission").flatMap(Permission::of)
                    .orElseThrow(() -> malformed("a Grant needs a Permission of READ, WRITE, READ_ACP, WRITE_ACP or"
                            + " FULL_CONTROL"));
            Optional<String> id = grantee.text("ID");
            Optional<String> uri = grantee.text("URI");
            Optional<String> email = grantee.text("EmailAddress");
            if (id.isPresent()) {
                grants.add(new Grant(GranteeType.CANONICAL_USER, knownId(id.get(), knownUser), p));
            } else if (uri.isPresent()) {
                grants.add(new Grant(GranteeType.GROUP, knownGroup(uri.get()), p));
            } else if (email.isPresent()) {
                throw unresolvable(email.get());
            } else {
                throw malformed("a Grantee needs an ID, a URI or an EmailAddress");
            }
        }
        return new AccessControlList(owner, grants);
    }

    /** Reads back what {@link #toXml} wrote; malformed text reads as the owner's full control. */
    public static AccessControlList stored(String xml, String fallbackOwner) {
        if (xml == null || xml.isBlank()) {
            return ownerOnly(fallbackOwner);
        }
        try {
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            String owner = XmlTree.parse(bytes, "AccessControlPolicy").first("Owner").flatMap(o -> o.text("ID"))
                    .orElse(fallbackOwner);
            return parse(bytes, owner, id -> true);
        } catch (S3Exception e) {
            return ownerOnly(fallbackOwner);
        }
    }

    /**
     * True when this ACL gives {@code permission} to the identity named {@code user} (null: an unsigned request).
     * The owner always may read and write the ACL itself.
     */
    public boolean permits(String user, Permission permission) {
        if (user != null && user.equals(owner) && (permission == Permission.READ_ACP || permission == Permission.WRITE_ACP)) {
            return true;
        }
        for (Grant g : grants) {
            if (g.permission() != permission && g.permission() != Permission.FULL_CONTROL) {
                continue;
            }
            boolean who = switch (g.type()) {
                case CANONICAL_USER -> g.grantee().equals(user);
                case GROUP -> g.grantee().equals(ALL_USERS) || g.grantee().equals(AUTHENTICATED_USERS) && user != null;
                case EMAIL -> false;
            };
            if (who) {
                return true;
            }
        }
        return false;
    }

    /** True when it grants anything to everyone or to every signed request (a "public" ACL). */
    public boolean isPublic() {
        return grants.stream().anyMatch(g -> g.type() == GranteeType.GROUP
                && (g.grantee().equals(ALL_USERS) || g.grantee().equals(AUTHENTICATED_USERS)));
    }

    /** The {@code AccessControlPolicy} document GetBucketAcl and GetObjectAcl answer. */
    public byte[] toXml() {
        XmlWriter w = XmlWriter.document("AccessControlPolicy", true);
        w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        w.start("AccessControlList");
        for (Grant g : grants) {
            w.raw("<Grant><Grantee xmlns:xsi=\"" + XSI + "\" xsi:type=\"" + g.type().xsiType + "\">");
            switch (g.type()) {
                case CANONICAL_USER -> w.element("ID", g.grantee()).element("DisplayName", g.grantee());
                case GROUP -> w.element("URI", g.grantee());
                case EMAIL -> w.element("EmailAddress", g.grantee());
            }
            w.raw("</Grantee>").element("Permission", g.permission().name()).raw("</Grant>");
        }
        w.end();
        return w.finish();
    }

    /**
     * {@link #toXml} as one line without the XML declaration: the form it is stored in (as an object's extended
     * attribute it travels as an HTTP header to the filer).
     */
    public String toText() {
        String xml = new String(toXml(), StandardCharsets.UTF_8);
        return xml.substring(xml.indexOf("?>") + 2).strip();
    }

    private static String knownId(String id, Predicate<String> knownUser) {
        S3Exception.check(knownUser.test(id), S3ErrorCode.INVALID_ARGUMENT, "Invalid id: " + id);
        return id;
    }

    private static String knownGroup(String uri) {
        S3Exception.check(uri.equals(ALL_USERS) || uri.equals(AUTHENTICATED_USERS) || uri.equals(LOG_DELIVERY),
                S3ErrorCode.INVALID_ARGUMENT, "Invalid group uri: " + uri);
        return uri;
    }

    private static S3Exception unresolvable(String email) {
        return new S3Exception(S3ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS, "The email address you provided does"
                + " not match any account on record: " + email + " (this gateway's identities have no email addresses)");
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR, "The XML you provided was not well-formed or did not"
                + " validate against our published schema: " + why);
    }
}
