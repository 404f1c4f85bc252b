/**
 * The gateway's way to the filer, {@link io.hayloft.s3.filer.FilerAccess} (look up, list, make
 * directories, write a stream, rename, delete, read a range), two ways:
 * <ul>
 *   <li>{@link io.hayloft.s3.filer.HttpFilerAccess}: the filer's HTTP API ({@code hayloft s3 -filer
 *       host:port}), a thin adapter over the one filer client ({@link io.hayloft.client.FilerClient}:
 *       requests from {@code FilerApi}, bodies streamed both ways, decisions on the error {@code code})
 *       that turns its codes into the statuses {@code FilerException} carries;</li>
 *   <li>{@link io.hayloft.s3.filer.InProcessFilerAccess}: the filer's own services
 *       ({@code io.hayloft.filer.FilerServices}) by method call, for a gateway in the filer's process
 *       ({@code hayloft server}); a chunked file's range streams through a bounded
 *       {@link io.hayloft.s3.filer.PipedRange}, or with {@code readDirect} is written by the chunk reader
 *       straight into the caller's output ({@link io.hayloft.s3.filer.FilerRead#writeTo}); an inline file's
 *       bytes come with its entry ({@link io.hayloft.s3.filer.FilerEntry#content}); a write's body is held
 *       to its announced length by {@link io.hayloft.s3.filer.ExactLengthStream}.</li>
 * </ul>
 * Both store the same entries and refuse with the same statuses ({@link io.hayloft.s3.filer.FilerException});
 * the values they return are {@link io.hayloft.s3.filer.FilerEntry}, {@link io.hayloft.s3.filer.FilerPage}
 * and {@link io.hayloft.s3.filer.FilerRead}. It knows nothing of S3.
 */
package io.hayloft.s3.filer;
