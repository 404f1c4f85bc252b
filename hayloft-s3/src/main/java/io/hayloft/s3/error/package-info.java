/**
 * S3 errors: {@link io.hayloft.s3.error.S3ErrorCode} (the S3 {@code Code} and the HTTP status AWS gives
 * it) and {@link io.hayloft.s3.error.S3Exception}, thrown anywhere in the gateway and turned into an
 * XML error body ({@code Code}, {@code Message}, {@code Resource}, {@code RequestId}) in one place,
 * {@code io.hayloft.s3.http.S3Responses}.
 */
package io.hayloft.s3.error;
