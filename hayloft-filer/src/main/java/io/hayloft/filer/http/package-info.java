/**
 * The filer's HTTP API on Vert.x: thin adapters from requests to the namespace and chunk services.
 *
 * <pre>
 *   event loop                                   virtual thread
 *   ──────────                                   ──────────────
 *   POST body ─► BodyInputStream (pause/resume) ─► FileUploader.upload ─► 201 {"name","size","eTag"}
 *   GET file                                     ─► ChunkReader.read ─► ResponseOutputStream (drain-aware)
 *   GET dir/                                     ─► Namespace.list ─► ListingJson | ListingHtml
 *   DELETE, mv.from, mkdir                       ─► Namespace ─► JSON / 204
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.http.FilerRoutes}: the router.</li>
 *   <li>{@code ReadHandler}, {@code WriteHandler}, {@code DeleteHandler}: one per verb family.</li>
 *   <li>{@code RequestPath}: percent-decoding and validation of the request path.</li>
 *   <li>{@link io.hayloft.http.BodyInputStream} / {@code ResponseOutputStream}: blocking streams with
 *       backpressure over Vert.x, so bodies of any size stream in bounded memory.</li>
 *   <li>{@code ListingJson}, {@code ListingHtml}: formats (byte ranges: {@link io.hayloft.http.ByteRange}).</li>
 * </ul>
 */
package io.hayloft.filer.http;
