/**
 * Upload bodies: {@link io.hayloft.s3.payload.Payload} turns a request body into the object's bytes
 * and checks them against what the request claims; {@link io.hayloft.s3.payload.AwsChunkedInputStream}
 * decodes {@code aws-chunked} framing and verifies its chunk and trailer signatures;
 * {@link io.hayloft.s3.payload.ChecksumAlgorithm} computes {@code x-amz-checksum-*}.
 *
 * <pre>
 *   request body ─► [AwsChunkedInputStream: framing, chunk signatures, trailers]
 *                ─► counting + SHA-256 + checksums ─► the filer (MD5 computed there)
 *   after the store has it all: Payload.check(md5) ─► rename into place, or refuse
 * </pre>
 * Nothing here touches HTTP.
 */
package io.hayloft.s3.payload;
