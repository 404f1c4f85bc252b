/**
 * Value types every Hayloft role and client shares: identifiers, placement, TTL and errors.
 *
 * <p>Key types:
 * <ul>
 *   <li>{@link io.hayloft.api.FileId} — {@code "<volumeId>,<keyHex><cookieHex8>"}, the name of one stored blob;
 *       {@link io.hayloft.api.FileIdPath} resolves the URL forms a volume server accepts.</li>
 *   <li>{@link io.hayloft.api.ContentDisposition} — file names in {@code Content-Disposition} headers
 *       (RFC 6266), shared by servers, client and the multipart parser.</li>
 *   <li>{@link io.hayloft.api.VolumeId} — a positive 32-bit volume number.</li>
 *   <li>{@link io.hayloft.api.ReplicaPlacement} — the {@code xyz} replication code.</li>
 *   <li>{@link io.hayloft.api.Ttl} — time to live such as {@code 3m} or {@code 5d}, two bytes on disk.</li>
 *   <li>{@link io.hayloft.api.HayloftException} with an {@link io.hayloft.api.ErrorCode} — domain failures,
 *       mapped once to an HTTP status by the HTTP layer.</li>
 * </ul>
 * Every value type is an immutable record whose compact constructor validates and whose static
 * {@code parse} rejects bad input with {@link io.hayloft.api.HayloftException} code {@code BAD_REQUEST}.
 */
package io.hayloft.api;
