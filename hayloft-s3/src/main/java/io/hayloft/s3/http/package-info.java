/**
 * The gateway's HTTP face on Vert.x 5: {@link io.hayloft.s3.http.S3RequestHandler} verifies, authorizes
 * and dispatches every request on a virtual thread to {@link io.hayloft.s3.http.BucketHandlers},
 * {@link io.hayloft.s3.http.ObjectHandlers}, {@link io.hayloft.s3.http.MultipartHandlers} or (the
 * {@code ?tagging} and {@code ?acl} sub-resources) {@link io.hayloft.s3.http.TaggingAclHandlers};
 * {@code Preconditions} and {@code WriteConditions} judge conditional reads and writes, {@code HeaderText}
 * non-ASCII header values; {@code S3Responses} turns every failure into an S3 XML error, once.
 *
 * <pre>
 *   Vert.x event loop ─► S3RequestHandler (request id, body as BodyInputStream)
 *        virtual thread ─► S3Exchange (bucket, key, query) ─► SigV4Verifier ─► Identity.allows
 *                       ─► BucketHandlers | ObjectHandlers ─► io.hayloft.s3.object ─► filer
 *                       ─► XML / bytes (ResponseStream, backpressure) | S3Responses.error
 * </pre>
 * Path-style addressing only ({@code /bucket/key}).
 */
package io.hayloft.s3.http;
