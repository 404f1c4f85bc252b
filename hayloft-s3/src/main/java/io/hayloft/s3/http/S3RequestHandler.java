package io.hayloft.s3.http;

import io.hayloft.http.Blocking;
import io.hayloft.http.BodyInputStream;
import io.hayloft.s3.auth.S3Action;
import io.hayloft.s3.auth.SigV4Verifier;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's front: gives each request an id, takes its body as a stream, and on a virtual thread
 * verifies its signature, checks the identity may do what it asks, and dispatches by method, path
 * (service {@code /}, bucket {@code /b}, object {@code /b/key}) and sub-resource to
 * {@link BucketHandlers} or {@link ObjectHandlers}. Every failure becomes an S3 XML error; a sub-resource
 * the gateway does not serve ({@code NOT_IMPLEMENTED}) is answered S3's {@code NotImplemented} (501) at once.
 */
public final class S3RequestHandler implements Handler<HttpServerRequest> {
    /** Sub-resources (query parameters) S3 has and the gateway does not serve yet. */
    private static final Set<String> NOT_IMPLEMENTED = Set.of(
            "website", "logging", "notification", "replication", "encryption",
            "attributes", "restore", "select", "torrent", "accelerate",
            "requestPayment", "ownershipControls", "publicAccessBlock", "analytics", "inventory", "metrics",
            "intelligent-tiering", "policyStatus");
    private static final HexFormat REQUEST_IDS = HexFormat.of().withUpperCase();

    private final SigV4Verifier verifier;
    private final BucketHandlers buckets;
    private final ObjectHandlers objects;
    private final MultipartHandlers multipart;
    private final TaggingAclHandlers taggingAcl;
    private final CorsHandlers cors;
    private final LifecycleHandlers lifecycle;
    private final PolicyHandlers policy;
    private final Authorizer authorizer;
    private final PostObjectHandler postObject;
    private final ObjectLockHandlers lock;
    private final io.hayloft.s3.Addressing addressing;

    S3RequestHandler(SigV4Verifier verifier, BucketHandlers buckets, ObjectHandlers objects,
                     MultipartHandlers multipart, TaggingAclHandlers taggingAcl, CorsHandlers cors,
                     LifecycleHandlers lifecycle, PolicyHandlers policy, Authorizer authorizer,
                     PostObjectHandler postObject, ObjectLockHandlers lock, io.hayloft.s3.Addressing addressing) {
        this.addressing = addressing;
        this.postObject = postObject;
        this.lock = lock;
        this.lifecycle = lifecycle;
        this.policy = policy;
        this.authorizer = authorizer;
        this.verifier = verifier;
        this.buckets = buckets;
        this.objects = objects;
        this.multipart = multipart;
        this.taggingAcl = taggingAcl;
        this.cors = cors;
    }

    /**
     * The gateway's handler over these stores, its identities and its clock (for signatures, and how long
     * bucket access settings are kept, see {@link Authorizer}); {@code lifecycleDay} is the lifecycle job's
     * day, which {@code x-amz-expiration} counts in; {@code addressing} says which hosts name buckets and
     * which host signatures cover behind a proxy.
     */
    public static S3RequestHandler create(java.util.function.Supplier<io.hayloft.s3.auth.Identities> identities,
                                          java.time.Clock clock, io.hayloft.s3.object.Buckets buckets,
                                          io.hayloft.s3.object.Objects objects, io.hayloft.s3.object.ObjectLister lister,
                                          io.hayloft.s3.object.VersionLister versionLister,
                                          io.hayloft.s3.object.MultipartUploads uploads,
                                          java.time.Duration lifecycleDay, io.hayloft.s3.Addressing addressing) {
        Authorizer authorizer = new Authorizer(buckets, objects, clock, identities);
        ExpirationHeader expiration = new ExpirationHeader(buckets, clock, lifecycleDay);
        ObjectLockHandlers lock = new ObjectLockHandlers(buckets, objects, clock);
        ObjectHandlers objectHandlers = new ObjectHandlers(objects, buckets, authorizer, expiration, lock);
        SigV4Verifier verifier = new SigV4Verifier(identities, clock);
        return new S3RequestHandler(verifier,
                new BucketHandlers(buckets, objects, lister, versionLister, authorizer, lock, objectHandlers),
                objectHandlers,
                new MultipartHandlers(uploads, objects, objectHandlers),
                new TaggingAclHandlers(buckets, objects, objectHandlers, authorizer), new CorsHandlers(buckets),
                new LifecycleHandlers(buckets, expiration), new PolicyHandlers(buckets, authorizer), authorizer,
                new PostObjectHandler(verifier, authorizer, objects, clock), lock, addressing);
    }

    @Override
    public void handle(HttpServerRequest request) {
        // an id only tells requests apart in logs and error bodies: no secret, so no SecureRandom (which
        // took a lock and a read of /dev/urandom per request)
        String requestId = REQUEST_IDS.toHexDigits(ThreadLocalRandom.current().nextLong());
        request.response().putHeader("x-amz-request-id", requestId).putHeader("Server", "Hayloft");
        BodyInputStream body = BodyInputStream.attach(request, BodyInputStream.DEFAULT_STALL, null,
                InvalidRequests::answerMalformedBody);
        io.vertx.core.Context eventLoop = io.vertx.core.Vertx.currentContext();
        Blocking.executor().execute(() -> {
            S3Exchange ex = null;
            try {
                ex = S3Exchange.of(request, eventLoop, requestId, body, addressing);
                if (request.method() == HttpMethod.OPTIONS) {
                    cors.preflight(ex); // browsers sign no preflight
                    return;
                }
                cors.decorate(ex);
                ex.auth = verifier.verify(ex.signed());
                dispatch(ex);
            } catch (Throwable t) {
                // handed to the event loop like any answer, and dropped there when it answered first (a
                // broken body framing): the error never interleaves with another answer to the same request
                S3Responses.fail(ex != null ? ex : S3Exchange.unparsed(request, eventLoop, requestId, body), t);
            } finally {
                body.discard();
            }
        });
    }

    private void dispatch(S3Exchange ex) throws Exception {
        HttpMethod m = ex.request.method();
        if (ex.bucket.isEmpty()) {
            require(ex, m == HttpMethod.GET, "the service answers GET (ListBuckets) only");
            authorize(ex, S3Action.LIST_BUCKETS, "");
            buckets.listBuckets(ex);
            return;
        }
        for (var e : ex.query) {
            if (NOT_IMPLEMENTED.contains(e.getKey())) {
                throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "'" + e.getKey() + "' is not supported by this"
                        + " gateway yet");
            }
        }
        if (ex.key.isEmpty()) {
            bucket(ex, m);
        } else {
            object(ex, m);
        }
    }

    private void bucket(S3Exchange ex, HttpMethod m) throws Exception {
        String b = ex.bucket;
        if (ex.has("tagging") || ex.has("acl")) {
            bucketSubresource(ex, m);
            return;
        }
        if (ex.has("cors")) {
            configuration(ex, m, "cors", S3Action.GET_BUCKET_CORS, cors::get, S3Action.PUT_BUCKET_CORS, cors::put,
                    cors::delete);
            return;
        }
        if (ex.has("lifecycle")) {
            configuration(ex, m, "lifecycle", S3Action.GET_LIFECYCLE, lifecycle::get, S3Action.PUT_LIFECYCLE,
                    lifecycle::put, lifecycle::delete);
            return;
        }
        if (ex.has("object-lock")) {
            configuration(ex, m, "object-lock", S3Action.GET_BUCKET_OBJECT_LOCK, lock::getConfiguration,
                    S3Action.PUT_BUCKET_OBJECT_LOCK, lock::putConfiguration, e -> {
                        throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed"
                                + " against this resource: DELETE on a bucket's object-lock");
                    });
            return;
        }
        if (ex.has("policy")) {
            if (m == HttpMethod.DELETE) {
                authorize(ex, S3Action.DELETE_BUCKET_POLICY, b);
                policy.delete(ex);
            } else {
                configuration(ex, m, "policy", S3Action.GET_BUCKET_POLICY, policy::get, S3Action.PUT_BUCKET_POLICY,
                        policy::put, policy::delete);
            }
            return;
        }
        if (m == HttpMethod.GET && ex.has("uploads")) {
            authorize(ex, S3Action.LIST_MULTIPART_UPLOADS, b);
            multipart.listUploads(ex);
        } else if (ex.has("uploads") || ex.has("uploadId") || ex.has("partNumber")) {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + m + " ?uploads on a bucket");
        } else if (m == HttpMethod.GET && ex.has("location")) {
            authorize(ex, S3Action.GET_BUCKET_LOCATION, b);
            buckets.location(ex);
        } else if (m == HttpMethod.GET && ex.has("versioning")) {
            authorize(ex, S3Action.GET_BUCKET_VERSIONING, b);
            buckets.versioning(ex);
        } else if (m == HttpMethod.PUT && ex.has("versioning")) {
            authorize(ex, S3Action.PUT_BUCKET_VERSIONING, b);
            buckets.putVersioning(ex);
        } else if (m == HttpMethod.GET && ex.has("versions")) {
            authorize(ex, S3Action.LIST_BUCKET_VERSIONS, b);
            buckets.listObjectVersions(ex);
        } else if (m == HttpMethod.GET) {
            authorize(ex, S3Action.LIST_BUCKET, b);
            buckets.listObjects(ex);
        } else if (m == HttpMethod.HEAD) {
            authorize(ex, S3Action.HEAD_BUCKET, b);
            buckets.head(ex);
        } else if (m == HttpMethod.PUT && plain(ex)) {
            authorize(ex, S3Action.CREATE_BUCKET, "");
            buckets.create(ex, ex.auth.identity().name());
        } else if (m == HttpMethod.DELETE && plain(ex)) {
            authorize(ex, S3Action.DELETE_BUCKET, b);
            buckets.delete(ex);
        } else if (m == HttpMethod.POST && plain(ex)) {
            postObject.post(ex); // authorized by the form's own signature and policy
        } else if (m == HttpMethod.POST && ex.has("delete")) {
            authorize(ex, S3Action.DELETE_OBJECT, b);
            buckets.deleteObjects(ex);
        } else {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + m + " on a bucket");
        }
    }

    private void object(S3Exchange ex, HttpMethod m) throws Exception {
        String b = ex.bucket;
        if (ex.has("uploads") || ex.has("uploadId")) {
            multipart(ex, m);
            return;
        }
        if (ex.has("tagging") || ex.has("acl")) {
            objectSubresource(ex, m);
            return;
        }
        if (ex.has("retention") || ex.has("legal-hold")) {
            boolean retention = ex.has("retention");
            if (m == HttpMethod.GET) {
                authorize(ex, retention ? S3Action.GET_OBJECT_RETENTION : S3Action.GET_OBJECT_LEGAL_HOLD, b);
                if (retention) {
                    lock.getRetention(ex, objects::target);
                } else {
                    lock.getLegalHold(ex, objects::target);
                }
            } else if (m == HttpMethod.PUT) {
                authorize(ex, retention ? S3Action.PUT_OBJECT_RETENTION : S3Action.PUT_OBJECT_LEGAL_HOLD, b);
                if (retention) {
                    lock.putRetention(ex, objects::target);
                } else {
                    lock.putLegalHold(ex, objects::target);
                }
            } else {
                throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against"
                        + " this resource: " + m + " on an object's " + (retention ? "retention" : "legal-hold"));
            }
            return;
        }
        S3Exception.check(!ex.has("partNumber") || m == HttpMethod.GET || m == HttpMethod.HEAD,
                S3ErrorCode.INVALID_REQUEST, "partNumber without uploadId reads one part of an object: GET or HEAD");
        if (m == HttpMethod.GET) {
            authorize(ex, S3Action.GET_OBJECT, b);
            objects.get(ex, true);
        } else if (m == HttpMethod.HEAD) {
            authorize(ex, S3Action.GET_OBJECT, b);
            objects.get(ex, false);
        } else if (m == HttpMethod.PUT && ex.header("x-amz-copy-source") != null) {
            authorize(ex, S3Action.PUT_OBJECT, b);
            objects.copy(ex, source -> authorize(ex, S3Action.GET_OBJECT, source));
        } else if (m == HttpMethod.PUT) {
            authorize(ex, S3Action.PUT_OBJECT, b);
            objects.put(ex);
        } else if (m == HttpMethod.DELETE) {
            authorize(ex, S3Action.DELETE_OBJECT, b);
            objects.delete(ex);
        } else {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + m + " on an object");
        }
    }

    private void multipart(S3Exchange ex, HttpMethod m) throws Exception {
        String b = ex.bucket;
        if (m == HttpMethod.POST && ex.has("uploads")) {
            authorize(ex, S3Action.PUT_OBJECT, b);
            multipart.create(ex);
        } else if (m == HttpMethod.PUT && ex.has("uploadId") && ex.has("partNumber")
                && ex.header("x-amz-copy-source") != null) {
            authorize(ex, S3Action.PUT_OBJECT, b);
            multipart.uploadPartCopy(ex, source -> authorize(ex, S3Action.GET_OBJECT, source));
        } else if (m == HttpMethod.PUT && ex.has("uploadId") && ex.has("partNumber")) {
            authorize(ex, S3Action.PUT_OBJECT, b);
            multipart.uploadPart(ex);
        } else if (m == HttpMethod.GET && ex.has("uploadId")) {
            authorize(ex, S3Action.LIST_PARTS, b);
            multipart.listParts(ex);
        } else if (m == HttpMethod.POST && ex.has("uploadId")) {
            authorize(ex, S3Action.PUT_OBJECT, b);
            multipart.complete(ex);
        } else if (m == HttpMethod.DELETE && ex.has("uploadId")) {
            authorize(ex, S3Action.ABORT_MULTIPART_UPLOAD, b);
            multipart.abort(ex);
        } else {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + m + " on a multipart upload");
        }
    }

    /**
     * A bucket configuration sub-resource ({@code ?cors}, {@code ?lifecycle}, {@code ?policy}): GET is
     * {@code getAction}, PUT and DELETE {@code putAction}.
     */
    private void configuration(S3Exchange ex, HttpMethod m, String name, S3Action getAction, Operation get,
                               S3Action putAction, Operation put, Operation delete) throws Exception {
        if (m == HttpMethod.GET) {
            authorize(ex, getAction, ex.bucket);
            get.run(ex);
        } else if (m == HttpMethod.PUT) {
            authorize(ex, putAction, ex.bucket);
            put.run(ex);
        } else if (m == HttpMethod.DELETE) {
            authorize(ex, putAction, ex.bucket);
            delete.run(ex);
        } else {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + m + " on a bucket's " + name);
        }
    }

    /** {@code ?tagging} and {@code ?acl} of a bucket. */
    private void bucketSubresource(S3Exchange ex, HttpMethod m) throws Exception {
        subresource(ex, m, "a bucket's", taggingAcl::getBucketTagging, taggingAcl::putBucketTagging,
                taggingAcl::deleteBucketTagging);
    }

    /** {@code ?tagging} and {@code ?acl} of an object. */
    private void objectSubresource(S3Exchange ex, HttpMethod m) throws Exception {
        subresource(ex, m, "an object's", taggingAcl::getObjectTagging, taggingAcl::putObjectTagging,
                taggingAcl::deleteObjectTagging);
    }

    /** One operation on an exchange. */
    @FunctionalInterface
    private interface Operation {
        void run(S3Exchange ex) throws Exception;
    }

    /**
     * {@code ?tagging} (GET needs Read, PUT and DELETE Tagging) or {@code ?acl} (GET needs Read, PUT Write)
     * of what {@code owner} names; any other method is {@code MethodNotAllowed}.
     */
    private void subresource(S3Exchange ex, HttpMethod m, String owner, Operation getTags, Operation putTags,
                             Operation deleteTags) throws Exception {
        boolean tagging = ex.has("tagging");
        boolean object = !ex.key.isEmpty();
        S3Action action;
        Operation op;
        if (m == HttpMethod.GET) {
            action = tagging ? (object ? S3Action.GET_OBJECT_TAGGING : S3Action.GET_BUCKET_TAGGING)
                    : (object ? S3Action.GET_OBJECT_ACL : S3Action.GET_BUCKET_ACL);
            op = tagging ? getTags : taggingAcl::getAcl;
        } else if (m == HttpMethod.PUT) {
            action = tagging ? (object ? S3Action.PUT_OBJECT_TAGGING : S3Action.PUT_BUCKET_TAGGING)
                    : (object ? S3Action.PUT_OBJECT_ACL : S3Action.PUT_BUCKET_ACL);
            op = tagging ? putTags : taggingAcl::putAcl;
        } else if (m == HttpMethod.DELETE && tagging) {
            action = object ? S3Action.DELETE_OBJECT_TAGGING : S3Action.PUT_BUCKET_TAGGING;
            op = deleteTags;
        } else {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + m + " on " + owner + " " + (tagging ? "tagging" : "acl"));
        }
        authorize(ex, action, ex.bucket);
        op.run(ex);
    }

    /** True when the query names no sub-resource (the SDK's {@code x-id} operation tag does not count). */
    private static boolean plain(S3Exchange ex) {
        return ex.query.stream().allMatch(e -> e.getKey().equals("x-id"));
    }

    private static void require(S3Exchange ex, boolean ok, String why) {
        if (!ok) {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this"
                    + " resource: " + why);
        }
    }

    private void authorize(S3Exchange ex, S3Action action, String bucket) {
        authorizer.check(ex, action, bucket);
    }
}
