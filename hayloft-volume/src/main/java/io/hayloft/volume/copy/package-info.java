/**
 * Whole-volume copy between volume servers, for re-replication and moves
 * ({@code docs/self-healing.md}, "Volume copy stream").
 *
 * <pre>
 *  source: GET /admin/volume/copy?volume=N[&amp;mbps=M]
 *    CopySender ─► Volume.snapshot() ─► CopyStreamWriter (CopyHeader, .idx bytes, .dat bytes;
 *                  1 MiB chunks, ByteRateThrottle) ─► ResponseChunkSink (bounded in-flight writes)
 *
 *  target: POST /admin/volume/copy?volume=N&amp;source=host:port[&amp;mbps=M]
 *    VolumeCopier ─► Store.dirForNewVolume ─► HTTP GET ─► http.BodyInputStream (pause/resume)
 *                 ─► CopyStreamReader (.idx.copying, .dat.copying, checks, force, rename .idx then .dat)
 *                 ─► Store.mount
 * </pre>
 *
 * <p>Key types: {@link io.hayloft.volume.copy.CopyHeader} (the stream format, byte by byte),
 * {@link io.hayloft.volume.copy.CopySender}, {@link io.hayloft.volume.copy.VolumeCopier},
 * {@link io.hayloft.volume.copy.CopyStreamWriter}, {@link io.hayloft.volume.copy.CopyStreamReader}.
 * Every step is blocking and runs on virtual threads; Vert.x event loops only move buffers.
 */
package io.hayloft.volume.copy;
