/**
 * S3's buckets and objects over the filer, free of HTTP: {@link io.hayloft.s3.object.Buckets}
 * ({@code /buckets/<name>}), {@link io.hayloft.s3.object.Objects} (a key is a path under its bucket,
 * written to the bucket's collection; checked uploads are staged and renamed into place),
 * {@link io.hayloft.s3.object.ObjectLister} (ListObjects in S3 key order over the directory tree),
 * {@link io.hayloft.s3.object.MultipartUploads}, {@link io.hayloft.s3.object.BucketSettings} (a bucket's
 * owner and tags, outside its directory) and the naming rules ({@link io.hayloft.s3.object.BucketName},
 * {@link io.hayloft.s3.object.ObjectKey}). An object's tags, multipart ETag and part sizes are extended
 * attributes of its file.
 *
 * <pre>
 *   s3://photos/2024/jan/a.jpg  ─►  filer /buckets/photos/2024/jan/a.jpg   (collection "photos")
 *   PutObject (checked) ─► /.s3-staging/&lt;uuid&gt; ─► check ─► rename onto the key (atomic)
 *   upload in progress  ─► /.s3-uploads/&lt;bucket&gt;/&lt;uploadId&gt;/{upload, part-00001, ...}
 *   bucket settings     ─► /.s3-buckets/&lt;bucket&gt;/{owner, tagging, versioning}
 *   noncurrent versions ─► /.s3-versions/&lt;bucket&gt;/&lt;key&gt;/&lt;versionId&gt;   (VersionStore; the current
 *                          version stays at the key, VersionLister merges both for ListObjectVersions)
 * </pre>
 */
package io.hayloft.s3.object;
