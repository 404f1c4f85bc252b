package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * S3 access control lists as this gateway has them, the way MinIO and SeaweedFS do: who may do what is
 * decided by the identities file alone, so every bucket and object has one ACL, its owner with
 * {@code FULL_CONTROL}. What a client sends is accepted when it asks for exactly that (the canned ACLs
 * {@code private}, {@code bucket-owner-full-control} and {@code bucket-owner-read}, which with one owner
 * grant nothing more, or an {@code AccessControlPolicy} granting only the owner full control); anything
 * that would grant someone else access is refused with {@code NotImplemented}, never stored and ignored.
 */
public final class AccessControl {
    /** The canned ACLs that grant no one but the owner anything here. */
    static final Set<String> OWNER_ONLY = Set.of("private", "bucket-owner-full-control", "bucket-owner-read");
    private static final String[] GRANT_HEADERS = {"x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp",
        "x-amz-grant-write-acp", "x-amz-grant-full-control"};

    private AccessControl() {
    }

    /**
     * Checks the {@code x-amz-acl} and {@code x-amz-grant-*} headers of a request that creates or changes
     * a bucket or object owned by {@code owner} (asked only when a grant names someone).
     *
     * @throws S3Exception InvalidArgument for an unknown canned ACL, NotImplemented for one or a grant
     *                     that gives access to anyone but the owner
     */
    public static void checkHeaders(Function<String, String> header, Supplier<String> owner) {
        String canned = header.apply("x-amz-acl");
        if (canned != null) {
            String c = canned.strip();
            S3Exception.check(OWNER_ONLY.contains(c) || Set.of("public-read", "public-read-write", "authenticated-read",
                    "aws-exec-read", "log-delivery-write").contains(c), S3ErrorCode.INVALID_ARGUMENT,
                    "unknown canned ACL '" + c + "'");
            S3Exception.check(OWNER_ONLY.contains(c), S3ErrorCode.NOT_IMPLEMENTED, "the canned ACL '" + c
                    + "' would give access beyond the owner; this gateway decides access by its identities only"
                    + " (use private, or grant the access in the identities file)");
        }
        for (String name : GRANT_HEADERS) {
            String grant = header.apply(name);
            if (grant == null) {
                continue;
            }
            for (String grantee : grant.split(",")) {
                String g = grantee.strip();
                S3Exception.check(name.equals("x-amz-grant-full-control") && (g.equals("id=" + owner.get())
                        || g.equals("id=\"" + owner.get() + "\"")), S3ErrorCode.NOT_IMPLEMENTED, name + ": " + g
                        + " is not the owner; this gateway decides access by its identities only (grant the"
                        + " access in the identities file)");
            }
        }
    }

    /**
     * Checks the {@code AccessControlPolicy} body of a PutBucketAcl or PutObjectAcl on something owned by
     * {@code owner}: accepted when every grant is {@code FULL_CONTROL} to the owner.
     *
     * @throws S3Exception MalformedACLError for a body that is not such a document, NotImplemented for a
     *                     grant to anyone else or of less than full control
     */
    public static void checkPolicy(byte[] body, String owner) {
        try {
            XMLStreamReader r = DeleteRequest.safeFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            boolean root = false;
            String grantee = null;
            String permission = null;
            boolean inGrant = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (!root) {
                        malformedUnless(name.equals("AccessControlPolicy"), "the root element is " + name
                                + ", not AccessControlPolicy");
                        root = true;
                    } else if (name.equals("Grant")) {
                        inGrant = true;
                        grantee = null;
                        permission = null;
                    } else if (inGrant && name.equals("ID")) {
                        grantee = r.getElementText().strip();
                    } else if (inGrant && (name.equals("URI") || name.equals("EmailAddress"))) {
                        grantee = name + ":" + r.getElementText().strip();
                    } else if (inGrant && name.equals("Permission")) {
                        permission = r.getElementText().strip();
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("Grant")) {
                    inGrant = false;
                    malformedUnless(grantee != null && permission != null, "a Grant needs a Grantee and a Permission");
                    S3Exception.check(grantee.equals(owner) && permission.equals("FULL_CONTROL"),
                            S3ErrorCode.NOT_IMPLEMENTED, "granting " + permission + " to " + grantee + " is not"
                                    + " supported: this gateway decides access by its identities only, and every ACL"
                                    + " is the owner's FULL_CONTROL");
                }
            }
            malformedUnless(root, "the body has no AccessControlPolicy");
        } catch (XMLStreamException e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR, "The XML you provided was not well-formed or did"
                    + " not validate against our published schema: " + e.getMessage());
        }
    }

    /** The {@code AccessControlPolicy} answer of GetBucketAcl and GetObjectAcl: the owner has full control. */
    public static byte[] policy(String owner) {
        XmlWriter w = XmlWriter.document("AccessControlPolicy", true);
        w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        w.start("AccessControlList").raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"CanonicalUser\">").element("ID", owner).element("DisplayName", owner)
                .raw("</Grantee>").element("Permission", "FULL_CONTROL").raw("</Grant>");
        return w.finish();
    }

    private static void malformedUnless(boolean ok, String why) {
        if (!ok) {
            throw new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR, "The XML you provided was not well-formed or did"
                    + " not validate against our published schema: " + why);
        }
    }
}
