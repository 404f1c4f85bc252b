/**
 * Hayloft's S3 gateway: the S3 API over the filer, buckets as {@code /buckets/<name>} directories each
 * writing to a collection of its own. {@link io.hayloft.s3.S3Server} runs it from an
 * {@link io.hayloft.s3.S3Config}. Its command-line settings are one table, {@link io.hayloft.s3.S3Settings}
 * (flags, TOML keys, ranges), read into {@link io.hayloft.s3.S3Options}. The packages below hold its parts:
 * <ul>
 *   <li>{@code auth}: SigV4 verification and identities;</li>
 *   <li>{@code payload}: upload bodies, aws-chunked, digests and checksums;</li>
 *   <li>{@code object}: buckets, objects and listings over the filer (no HTTP server types);</li>
 *   <li>{@code filer}: the way to the filer: its HTTP API, or its services in the same process;</li>
 *   <li>{@code xml}: S3 XML documents;</li>
 *   <li>{@code http}: the Vert.x front, dispatch and S3 errors.</li>
 * </ul>
 */
package io.hayloft.s3;
