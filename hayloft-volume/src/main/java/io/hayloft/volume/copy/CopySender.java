package io.hayloft.volume.copy;

import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeSnapshot;
import io.hayloft.volume.throttle.ByteRateThrottle;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /admin/volume/copy}: streams a volume as one {@code application/octet-stream}
 * body ({@link CopyHeader} format) taken from {@link Volume#snapshot()}, in 1 MiB chunks with
 * back-pressure, at most {@code mbps} MiB/s. Writes and deletes continue on the volume meanwhile;
 * what they append after the snapshot is not part of the stream.
 *
 * <p>Blocking: call from a virtual thread, never an event loop. Thread-safe (stateless).
 */
public final class CopySender {
    private static final Logger LOG = LoggerFactory.getLogger(CopySender.class);
    /** Chunks queued towards the socket at most: memory per copy stays under a few MiB. */
    private static final int MAX_IN_FLIGHT = 2;
    /** How long the receiver may take no data before the copy is abandoned. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Streams {@code volume} to {@code response} and ends it. A failure before the first byte is
     * thrown (the caller answers it as JSON); a failure once the stream has started (the receiver
     * went away, a file read failed) is logged and the connection is reset, so the receiver sees a
     * truncated stream and keeps nothing.
     *
     * @param mbps MiB per second at most; 0 for unthrottled
     * @throws IllegalStateException        if the volume was closed (deleted) meanwhile
     * @throws java.io.UncheckedIOException if its files cannot be opened
     */
    public void send(Volume volume, HttpServerResponse response, long mbps) {
        try (VolumeSnapshot snapshot = volume.snapshot()) {
            CopyHeader header = CopyHeader.of(snapshot);
            ByteRateThrottle throttle = mbps > 0 ? ByteRateThrottle.mibPerSecond(mbps) : null;
            response.setStatusCode(200)
                    .putHeader("Content-Type", "application/octet-stream")
                    .putHeader("Content-Length", Long.toString(header.streamLength()));
            ResponseChunkSink sink = new ResponseChunkSink(response, MAX_IN_FLIGHT, STALL_TIMEOUT);
            try {
                long bytes = CopyStreamWriter.write(snapshot, sink, throttle);
                sink.end();
                LOG.info("sent volume {} ({} bytes: .idx {}, .dat {})", volume.id(), bytes, snapshot.idxLength(),
                        snapshot.datLength());
            } catch (IOException | RuntimeException e) {
                LOG.warn("sending volume {} abandoned: {}", volume.id(), e.toString());
                response.reset();
            }
        }
    }
}
