package io.hayloft.cli.serve;

import io.hayloft.api.FileId;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import io.hayloft.filer.chunk.ColocatedVolume;
import io.hayloft.volume.colocated.ColocatedNeedles;

/**
 * The volume server of {@code hayloft server} as its filer's {@link ColocatedVolume}: the filer's chunk
 * writes and reads become method calls on {@link ColocatedNeedles}. Thread-safe.
 */
public record ColocatedVolumeServer(ColocatedNeedles needles) implements ColocatedVolume {
    @Override
    public String url() {
        return needles.url();
    }

    @Override
    public boolean holds(FileId fid) {
        return needles.holds(fid);
    }

    @Override
    public String write(FileId fid, byte[] data, int length, String name, String mime) {
        return needles.write(fid, data, length, name, mime);
    }

    @Override
    public ByteBuffer read(FileId fid, IntFunction<ByteBuffer> buffers) {
        return needles.read(fid, buffers);
    }
}
