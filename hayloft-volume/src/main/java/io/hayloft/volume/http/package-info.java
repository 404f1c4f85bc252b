/**
 * The volume server's HTTP API (SeaweedFS-compatible), built by {@link io.hayloft.volume.http.VolumeRoutes}.
 *
 * <pre>
 *   event loop                                 virtual thread (Blocking)
 *   GET|HEAD plain fid, small live needle ─► FastReadPath ─► NeedleResponse ─► bytes   (no router, no hand-off)
 *   anything else ─► router:
 *   POST /fid ─► UploadReceiver (stream, limit) ─► UploadHandler ─► ReplicatedWriter ─► 201 {name,size,eTag}
 *   GET  /fid ───────────────────────────────────► ReadHandler (CRC checked, Range, 304) ─► NeedleResponse
 *   DELETE /fid ─────────────────────────────────► DeleteHandler ─► ReplicatedWriter ─► 202 {size}
 *   /status, /admin/volume/{allocate,delete} ────► StatusHandler, AdminHandler
 * </pre>
 * Every failure is a JSON {@code {"error"}} with the status of its {@link io.hayloft.api.ErrorCode};
 * {@link io.hayloft.volume.http.VolumeMetrics} counts reads, writes, deletes, bytes and CRC errors.
 */
package io.hayloft.volume.http;
