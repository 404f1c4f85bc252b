package io.hayloft.s3.error;

/**
 * The S3 error codes the gateway answers, each with the HTTP status AWS gives it (see AWS's "Error
 * responses" list). The code travels as {@code <Code>} in the XML error body; clients decide on it.
 */
public enum S3ErrorCode {
    ACCESS_DENIED("AccessDenied", 403),
    ACCESS_FORBIDDEN("AccessForbidden", 403),
    AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400),
    BAD_DIGEST("BadDigest", 400),
    BAD_REQUEST("BadRequest", 400),
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists", 409),
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou", 409),
    BUCKET_NOT_EMPTY("BucketNotEmpty", 409),
    ENTITY_TOO_LARGE("EntityTooLarge", 400),
    ENTITY_TOO_SMALL("EntityTooSmall", 400),
    INCOMPLETE_BODY("IncompleteBody", 400),
    INTERNAL_ERROR("InternalError", 500),
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403),
    INVALID_ARGUMENT("InvalidArgument", 400),
    INVALID_BUCKET_NAME("InvalidBucketName", 400),
    INVALID_BUCKET_STATE("InvalidBucketState", 409),
    INVALID_PART("InvalidPart", 400),
    INVALID_PART_ORDER("InvalidPartOrder", 400),
    INVALID_DIGEST("InvalidDigest", 400),
    INVALID_RANGE("InvalidRange", 416),
    INVALID_RETENTION_PERIOD("InvalidRetentionPeriod", 400),
    INVALID_TAG("InvalidTag", 400),
    ILLEGAL_VERSIONING_CONFIGURATION("IllegalVersioningConfigurationException", 400),
    INVALID_REQUEST("InvalidRequest", 400),
    KEY_TOO_LONG("KeyTooLongError", 400),
    MALFORMED_ACL_ERROR("MalformedACLError", 400),
    MALFORMED_POST_REQUEST("MalformedPOSTRequest", 400),
    INVALID_POLICY_DOCUMENT("InvalidPolicyDocument", 400),
    MALFORMED_POLICY("MalformedPolicy", 400),
    MALFORMED_XML("MalformedXML", 400),
    METADATA_TOO_LARGE("MetadataTooLarge", 400),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
    MISSING_SECURITY_HEADER("MissingSecurityHeader", 400),
    MISSING_CONTENT_LENGTH("MissingContentLength", 411),
    NO_SUCH_BUCKET("NoSuchBucket", 404),
    NO_SUCH_BUCKET_POLICY("NoSuchBucketPolicy", 404),
    NO_SUCH_CORS_CONFIGURATION("NoSuchCORSConfiguration", 404),
    NO_SUCH_LIFECYCLE_CONFIGURATION("NoSuchLifecycleConfiguration", 404),
    NO_SUCH_KEY("NoSuchKey", 404),
    NO_SUCH_OBJECT_LOCK_CONFIGURATION("NoSuchObjectLockConfiguration", 404),
    NO_SUCH_TAG_SET("NoSuchTagSet", 404),
    NO_SUCH_UPLOAD("NoSuchUpload", 404),
    NO_SUCH_VERSION("NoSuchVersion", 404),
    NOT_IMPLEMENTED("NotImplemented", 501),
    NOT_MODIFIED("NotModified", 304),
    OBJECT_LOCK_CONFIGURATION_NOT_FOUND("ObjectLockConfigurationNotFoundError", 404),
    PRECONDITION_FAILED("PreconditionFailed", 412),
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    UNEXPECTED_CONTENT("UnexpectedContent", 400),
    UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS("UnresolvableGrantByEmailAddress", 400),
    X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400);

    private final String code;
    private final int status;

    S3ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The {@code <Code>} of the error body, e.g. {@code NoSuchKey}. */
    public String code() {
        return code;
    }

    /** The HTTP status AWS answers this code with. */
    public int status() {
        return status;
    }
}
