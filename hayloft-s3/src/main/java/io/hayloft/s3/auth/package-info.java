/**
 * Who a request comes from and whether it may do what it asks: the gateway's own AWS Signature
 * Version 4 verifier (the AWS SDK signs, it does not verify) and the identities it checks against.
 *
 * <pre>
 *   HTTP request ─► SignedRequest (method, raw path, query, headers; no HTTP library types)
 *        │
 *        ▼
 *   SigV4Verifier ── Authorization header ──┐   CanonicalRequest ─► string to sign
 *                 ── X-Amz-* query (presign)┤   SigV4.signingKey(secret, date, region, "s3")
 *                 ── neither: anonymous ────┘   compare in constant time
 *        │
 *        ▼
 *   Authentication (identity, payload hash, ChunkSigning for aws-chunked bodies)
 *        │  identity.allows(Action, bucket)  ◄── Identities (s3.json: Grant = Action[:bucket])
 *        │  BucketPolicy.evaluate(principal, S3Action's s3:Name, resource ARN, condition keys)
 * </pre>
 * The HTTP layer's {@code Authorizer} combines the three sources of access, each request's
 * {@link io.hayloft.s3.auth.S3Action} naming what it needs from each: the bucket policy, the identity's
 * grants, and the bucket's or object's ACL.
 * Failures are {@link io.hayloft.s3.error.S3Exception}s with S3's codes. Nothing here touches HTTP or
 * the filer.
 */
package io.hayloft.s3.auth;
