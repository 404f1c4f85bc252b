package io.hayloft.storage.ec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The shards of an erasure-coded volume that lie in its directory, opened for positional reads. A
 * shard whose file is absent is not {@link #has held}. Thread-safe; close when done.
 */
public final class LocalShards implements ShardSource, AutoCloseable {
    private final FileChannel[] channels;

    /** Opens every shard file of {@code files} that exists, of {@code total} shards. */
    public LocalShards(EcFiles files, int total) throws IOException {
        channels = new FileChannel[total];
        try {
            for (int i = 0; i < total; i++) {
                if (Files.exists(files.shard(i))) {
                    channels[i] = FileChannel.open(files.shard(i), StandardOpenOption.READ);
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean has(int shard) {
        return channels[shard] != null;
    }

    @Override
    public void read(int shard, long offset, byte[] into, int at, int length) throws IOException {
        FileChannel ch = channels[shard];
        if (ch == null) {
            throw new IOException("shard " + shard + " is not held here");
        }
        ByteBuffer b = ByteBuffer.wrap(into, at, length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + (b.position() - at)) < 0) {
                throw new IOException("shard " + shard + " ends before byte " + (offset + length));
            }
        }
    }

    @Override
    public void close() {
        for (FileChannel ch : channels) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read-only: nothing was left unwritten
                }
            }
        }
    }
}
