package io.hayloft.volume.colocated;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.WriteResult;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.hayloft.volume.store.Store;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * This volume server's needles for a role in the same process: what {@code POST /<fid>} (a raw body)
 * and {@code GET /<fid>} do, without HTTP. Thread-safe; the methods block (disk I/O, and for replicated
 * volumes the fan-out to the other replicas), so call them from virtual threads.
 */
public final class ColocatedNeedles {
    private final Store store;
    private final ReplicatedWriter writer;
    private final Clock clock;
    private final long fileSizeLimit;
    private final Supplier<String> url;

    /**
     * @param fileSizeLimit largest needle accepted, bytes (the upload route's limit)
     * @param url           this server's {@code host:port} as the master hands it out in assignments
     */
    public ColocatedNeedles(Store store, ReplicatedWriter writer, Clock clock, long fileSizeLimit,
                            Supplier<String> url) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.fileSizeLimit = fileSizeLimit;
        this.url = url;
    }

    /** This server's {@code host:port}, as in the master's assignments and lookups. */
    public String url() {
        return url.get();
    }

    /** True when this server holds a copy of {@code fid}'s volume. */
    public boolean holds(FileId fid) {
        return store.find(fid.volumeId()).isPresent();
    }

    /**
     * Stores {@code data} as needle {@code fid} on every replica, as a raw upload to this server would,
     * with the volume's TTL and the current time as last-modified. The array is not copied before the
     * append: the caller must not change it until this returns.
     *
     * @param name stored file name, may be empty
     * @param mime stored MIME type, may be empty
     * @return the needle's eTag
     * @throws HayloftException PAYLOAD_TOO_LARGE above the file size limit, otherwise as
     *                          {@link ReplicatedWriter#write}
     */
    public String write(FileId fid, byte[] data, String name, String mime) {
        return write(fid, data, data.length, name, mime);
    }

    /**
     * {@link #write(FileId, byte[], String, String)} of the first {@code length} bytes of {@code data} (a
     * reused chunk buffer may be longer). On a volume without other replicas the data goes from the array
     * to {@code .dat} without being copied into a record ({@link ReplicatedWriter#writeUnreplicated});
     * a replicated volume takes the upload's path (the data copied once when the array is longer).
     */
    public String write(FileId fid, byte[] data, int length, String name, String mime) {
        HayloftException.checkArgument(length >= 0 && length <= data.length, "length outside the data array");
        if (length > fileSizeLimit) {
            throw new HayloftException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "file is larger than the upload limit of " + fileSizeLimit + " bytes");
        }
        Volume volume = store.volume(fid.volumeId());
        Needle fields = Needle.of(fid.key(), fid.cookie(), new byte[0])
                .withName(name == null ? "" : name)
                .withMime(mime == null ? "" : mime)
                .withLastModified(clock.instant().getEpochSecond())
                .withTtl(volume.ttl());
        Optional<WriteResult> local = writer.writeUnreplicated(fid, fields, ByteBuffer.wrap(data, 0, length));
        if (local.isPresent()) {
            return local.get().eTag();
        }
        Needle needle = Needle.of(fid.key(), fid.cookie(), length == data.length ? data : Arrays.copyOf(data, length))
                .withName(fields.name())
                .withMime(fields.mime())
                .withLastModified(fields.lastModified())
                .withTtl(fields.ttl());
        return writer.write(fid, needle, false).eTag();
    }

    /**
     * Reads needle {@code fid}'s record into a buffer from {@code buffers} and checks it as a read does
     * (cookie, TTL, structure, the CRC of the data); the data stays in that buffer, never copied into an
     * array ({@link Volume#readData}).
     *
     * @param buffers asked for the record's length; returns a buffer of at least that capacity, used from
     *                index 0 (a direct one spares the JDK's copy through a temporary buffer)
     * @return that buffer, with the needle's data between its position and limit
     * @throws HayloftException NOT_FOUND for an unknown volume or needle, a wrong cookie, a deleted or
     *                          expired needle; CORRUPT when this copy fails its CRC (other replicas may
     *                          have a good one: read through HTTP then)
     */
    public ByteBuffer read(FileId fid, IntFunction<ByteBuffer> buffers) {
        Volume volume = store.find(fid.volumeId())
                .orElseThrow(() -> HayloftException.notFound("volume " + fid.volumeId() + " not found on this server"));
        return volume.readData(fid.key(), fid.cookie(), buffers).data();
    }
}
