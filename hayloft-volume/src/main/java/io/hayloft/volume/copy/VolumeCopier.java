package io.hayloft.volume.copy;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Volume;
import io.hayloft.http.BodyInputStream;
import io.hayloft.volume.store.Store;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a whole volume from another volume server ({@code POST /admin/volume/copy}): asks the
 * source for {@code GET /admin/volume/copy?volume=N[&mbps=M]}, streams the answer to disk in the
 * directory with the most free slots ({@link CopyStreamReader}), then opens the volume and serves
 * it ({@link Store#mount}).
 *
 * <pre>
 *   copy(N, source) ─► Store.dirForNewVolume (409 held here, 406 no slot)
 *                   ─► GET source/admin/volume/copy ─► BodyInputStream (paused / resumed by the reader)
 *                   ─► CopyStreamReader: .idx.copying, .dat.copying ─► renames ─► Store.mount
 * </pre>
 *
 * <p>Memory stays bounded whatever the volume's size. Blocking: call from a virtual thread.
 * Thread-safe; copies of different volumes run in parallel, a second copy of the same volume is
 * refused while one runs.
 */
public final class VolumeCopier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeCopier.class);

    private final StreamingGet get;
    private final Store store;
    private final Clock clock;
    private final Set<VolumeId> running = ConcurrentHashMap.newKeySet();

    /**
     * @param vertx       the server's Vert.x instance
     * @param store       where copied volumes are installed
     * @param clock       times each copy for its answer
     * @param idleTimeout how long the source may send nothing (connect, headers, body) before the copy fails
     */
    public VolumeCopier(Vertx vertx, Store store, Clock clock, Duration idleTimeout) {
        this.store = store;
        this.clock = clock;
        this.get = new StreamingGet(vertx, idleTimeout);
    }

    /**
     * Copies volume {@code id} from {@code source} and serves it here. Blocking for as long as the
     * transfer takes. On failure nothing of the copy is left on disk.
     *
     * @param source the {@code host:port} of a volume server holding the volume
     * @param mbps   MiB/s the source reads at most; 0 for unthrottled
     * @return what was copied
     * @throws HayloftException {@code BAD_REQUEST} for a malformed source; {@code CONFLICT} if the volume
     *                          is held here or a copy of it is already running; {@code NOT_ACCEPTABLE} if no
     *                          directory has a free slot; {@code UNAVAILABLE} if the source cannot be reached,
     *                          refuses, or sends a stream that is broken or does not open as a volume
     */
    public CopyResult copy(VolumeId id, String source, long mbps) {
        io.hayloft.api.PeerAddress.parse(source, "parameter 'source'");
        HayloftException.checkArgument(mbps >= 0, "mbps must not be negative, got " + mbps);
        if (!running.add(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "a copy of volume " + id + " to this server is already running");
        }
        try {
            long started = clock.millis();
            Path dir = store.dirForNewVolume(id);
            String url = VolumeApi.COPY_OUT.query().param(VolumeApi.VOLUME, id)
                    .param(VolumeApi.MBPS, mbps > 0 ? Optional.of(mbps) : Optional.empty()).url(source);
            CopyStreamReader.Installed installed;
            try (BodyInputStream body = get.open(url)) {
                installed = CopyStreamReader.install(body, id, dir);
            } catch (IOException e) {
                throw new HayloftException(ErrorCode.UNAVAILABLE,
                        "copy of volume " + id + " from " + source + " failed: " + e.getMessage(), e);
            }
            Volume volume = mount(installed, id, dir, source);
            CopyResult result = new CopyResult(id.value(), installed.bytes(), clock.millis() - started);
            LOG.info("copied volume {} (collection '{}', {} bytes) from {} into {} in {} ms", id, volume.collection(),
                    result.bytes(), source, dir, result.millis());
            return result;
        } finally {
            running.remove(id);
        }
    }

    private Volume mount(CopyStreamReader.Installed installed, VolumeId id, Path dir, String source) {
        try {
            return store.mount(dir, installed.header().collection(), id);
        } catch (RuntimeException e) {
            installed.remove();
            if (e instanceof HayloftException he
                    && (he.code() == ErrorCode.CONFLICT || he.code() == ErrorCode.NOT_ACCEPTABLE)) {
                throw he;
            }
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " copied from " + source
                    + " does not open: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        get.close();
    }
}
