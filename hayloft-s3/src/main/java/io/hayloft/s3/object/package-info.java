/**
 * S3's buckets and objects over the filer, free of HTTP: {@link io.hayloft.s3.object.Buckets}
 * ({@code /buckets/<name>}), {@link io.hayloft.s3.object.Objects} (a key is a path under its bucket,
 * written to the bucket's collection; checked uploads are staged and renamed into place),
 * {@link io.hayloft.s3.object.ObjectLister} (ListObjects in S3 key order over the directory tree) and
 * the naming rules ({@link io.hayloft.s3.object.BucketName}, {@link io.hayloft.s3.object.ObjectKey}).
 *
 * <pre>
 *   s3://photos/2024/jan/a.jpg  ─►  filer /buckets/photos/2024/jan/a.jpg   (collection "photos")
 *   PutObject (checked) ─► /.s3-staging/&lt;uuid&gt; ─► check ─► rename onto the key (atomic)
 * </pre>
 */
package io.hayloft.s3.object;
