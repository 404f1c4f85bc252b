package io.hayloft.s3.auth;

import io.hayloft.s3.xml.AccessControlList.Permission;

/**
 * What a request asks to do, as the three sources of access see it: the identities file's {@link Action},
 * the bucket policy's action name ({@code s3:GetObject}) and the ACL permission that grants it, on the
 * bucket's ACL or the object's (null: no ACL grants it; only the owner's grants and a policy do).
 */
public enum S3Action {
    LIST_BUCKETS("s3:ListAllMyBuckets", Action.LIST, null, false),
    CREATE_BUCKET("s3:CreateBucket", Action.WRITE, null, false),
    DELETE_BUCKET("s3:DeleteBucket", Action.WRITE, null, false),
    HEAD_BUCKET("s3:ListBucket", Action.LIST, Permission.READ, false),
    LIST_BUCKET("s3:ListBucket", Action.LIST, Permission.READ, false),
    LIST_BUCKET_VERSIONS("s3:ListBucketVersions", Action.LIST, Permission.READ, false),
    LIST_MULTIPART_UPLOADS("s3:ListBucketMultipartUploads", Action.LIST, Permission.READ, false),
    GET_BUCKET_LOCATION("s3:GetBucketLocation", Action.LIST, null, false),
    GET_BUCKET_VERSIONING("s3:GetBucketVersioning", Action.LIST, null, false),
    PUT_BUCKET_VERSIONING("s3:PutBucketVersioning", Action.WRITE, null, false),
    GET_BUCKET_TAGGING("s3:GetBucketTagging", Action.READ, null, false),
    PUT_BUCKET_TAGGING("s3:PutBucketTagging", Action.TAGGING, null, false),
    GET_BUCKET_CORS("s3:GetBucketCORS", Action.READ, null, false),
    PUT_BUCKET_CORS("s3:PutBucketCORS", Action.WRITE, null, false),
    GET_LIFECYCLE("s3:GetLifecycleConfiguration", Action.READ, null, false),
    PUT_LIFECYCLE("s3:PutLifecycleConfiguration", Action.WRITE, null, false),
    GET_BUCKET_OBJECT_LOCK("s3:GetBucketObjectLockConfiguration", Action.READ, null, false),
    PUT_BUCKET_OBJECT_LOCK("s3:PutBucketObjectLockConfiguration", Action.WRITE, null, false),
    GET_OBJECT_RETENTION("s3:GetObjectRetention", Action.READ, null, true),
    PUT_OBJECT_RETENTION("s3:PutObjectRetention", Action.WRITE, null, true),
    GET_OBJECT_LEGAL_HOLD("s3:GetObjectLegalHold", Action.READ, null, true),
    PUT_OBJECT_LEGAL_HOLD("s3:PutObjectLegalHold", Action.WRITE, null, true),
    GET_BUCKET_POLICY("s3:GetBucketPolicy", Action.READ, null, false),
    PUT_BUCKET_POLICY("s3:PutBucketPolicy", Action.WRITE, null, false),
    DELETE_BUCKET_POLICY("s3:DeleteBucketPolicy", Action.WRITE, null, false),
    GET_BUCKET_ACL("s3:GetBucketAcl", Action.READ, Permission.READ_ACP, false),
    PUT_BUCKET_ACL("s3:PutBucketAcl", Action.WRITE, Permission.WRITE_ACP, false),
    GET_OBJECT("s3:GetObject", Action.READ, Permission.READ, true),
    PUT_OBJECT("s3:PutObject", Action.WRITE, Permission.WRITE, false),
    DELETE_OBJECT("s3:DeleteObject", Action.WRITE, Permission.WRITE, false),
    GET_OBJECT_ACL("s3:GetObjectAcl", Action.READ, Permission.READ_ACP, true),
    PUT_OBJECT_ACL("s3:PutObjectAcl", Action.WRITE, Permission.WRITE_ACP, true),
    GET_OBJECT_TAGGING("s3:GetObjectTagging", Action.READ, null, true),
    PUT_OBJECT_TAGGING("s3:PutObjectTagging", Action.TAGGING, null, true),
    DELETE_OBJECT_TAGGING("s3:DeleteObjectTagging", Action.TAGGING, null, true),
    LIST_PARTS("s3:ListMultipartUploadParts", Action.LIST, Permission.READ, false),
    ABORT_MULTIPART_UPLOAD("s3:AbortMultipartUpload", Action.WRITE, Permission.WRITE, false);

    private final String policyName;
    private final Action grant;
    private final Permission aclPermission;
    private final boolean onObject;

    S3Action(String policyName, Action grant, Permission aclPermission, boolean onObject) {
        this.policyName = policyName;
        this.grant = grant;
        this.aclPermission = aclPermission;
        this.onObject = onObject;
    }

    /** Its name in bucket policies, e.g. {@code s3:GetObject}. */
    public String policyName() {
        return policyName;
    }

    /** The identities file's action that allows it. */
    public Action grant() {
        return grant;
    }

    /** The ACL permission that allows it, or null when no ACL grant does. */
    public Permission aclPermission() {
        return aclPermission;
    }

    /** True when the ACL that decides it is the object's, not the bucket's. */
    public boolean onObject() {
        return onObject;
    }

    /** True for the actions on the bucket policy itself, which a policy never denies the bucket's owner. */
    public boolean managesPolicy() {
        return this == GET_BUCKET_POLICY || this == PUT_BUCKET_POLICY || this == DELETE_BUCKET_POLICY;
    }
}
