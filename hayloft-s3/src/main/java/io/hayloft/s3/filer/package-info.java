/**
 * The gateway's way to the filer: {@link io.hayloft.s3.filer.FilerClient}, the filer's HTTP API as
 * blocking, typed calls that stream bodies both ways, and the values it returns
 * ({@link io.hayloft.s3.filer.FilerEntry}, {@link io.hayloft.s3.filer.FilerPage},
 * {@link io.hayloft.s3.filer.FilerRead}). It knows nothing of S3.
 */
package io.hayloft.s3.filer;
