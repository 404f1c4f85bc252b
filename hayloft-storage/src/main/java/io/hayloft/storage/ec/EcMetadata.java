package io.hayloft.storage.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * An erasure-coded volume's {@code .ecm} file: how it was cut ({@link EcLayout}), its code, and a
 * CRC-32C of every block of every shard, so a scrub or a rebuild can tell which shard holds bad bytes.
 * Every server holding a shard of the volume keeps a copy. Written once per generation, when the volume is
 * encoded or compacted; its presence marks that generation's files complete.
 *
 * <pre>
 * offset  size  field (big-endian)
 *   0      4    magic "HLEC"
 *   4      2    format version, 2 (version 1 is read as well: the same without the generation field)
 *   6      1    data shards (d)
 *   7      1    parity shards (p)
 *   8      8    large block, bytes per shard
 *  16      4    small block, bytes per shard (also the checksummed block size; fitted, see EcLayout)
 *  20      8    .dat size, bytes
 *  28      4    blocks per shard (b = shard size / small block)
 *  32      4    generation (version 2 only; 0 = the encoding, each compaction adds one)
 *  36    4·b·(d+p)  CRC-32C of each block: shard 0's b blocks, then shard 1's, ... (at 32 in version 1)
 *  end     4    CRC-32C of every byte before it
 * </pre>
 *
 * @param layout       where the {@code .dat}'s bytes lie
 * @param parityShards parity shards per row
 * @param blockCrcs    {@code blockCrcs[shard][block]}, the CRC-32C of each small block of each shard
 * @param generation   which generation of the volume's shards this describes ({@link EcFiles})
 */
public record EcMetadata(EcLayout layout, int parityShards, int[][] blockCrcs, int generation) {
    static final int MAGIC = 0x484C4543; // "HLEC"
    static final short VERSION = 2;
    private static final short VERSION_1 = 1;
    private static final int HEADER = 36;
    private static final int HEADER_1 = 32;

    public EcMetadata {
        HayloftException.checkArgument(parityShards >= 1 && layout.dataShards() + parityShards <= 64,
                "1 to 64 shards in all");
        HayloftException.checkArgument(blockCrcs.length == layout.dataShards() + parityShards,
                "one checksum table per shard");
        HayloftException.checkArgument(generation >= 0, "a generation is 0 or more");
    }

    /** The metadata of generation 0 (an encoding). */
    public EcMetadata(EcLayout layout, int parityShards, int[][] blockCrcs) {
        this(layout, parityShards, blockCrcs, 0);
    }

    public int totalShards() {
        return layout.dataShards() + parityShards;
    }

    /** Blocks of {@link EcLayout#smallBlock()} bytes in each shard. */
    public int blocksPerShard() {
        return (int) (layout.shardSize() / layout.smallBlock());
    }

    /** Writes the file at {@code path} (through a temporary file, forced, then renamed into place). */
    public void write(Path path) {
        int blocks = blocksPerShard();
        ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * blocks * totalShards() + 4);
        b.putInt(MAGIC).putShort(VERSION).put((byte) layout.dataShards()).put((byte) parityShards)
                .putLong(layout.largeBlock()).putInt(layout.smallBlock()).putLong(layout.datSize()).putInt(blocks)
                .putInt(generation);
        for (int[] shard : blockCrcs) {
            for (int crc : shard) {
                b.putInt(crc);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        b.flip();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + tmp + " to " + path, e);
        }
    }

    /**
     * Reads and verifies the file at {@code path}.
     *
     * @throws HayloftException CORRUPT when it is not a whole, valid {@code .ecm}
     * @throws UncheckedIOException when it cannot be read
     */
    public static EcMetadata read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (bytes.length < HEADER_1 + 4) {
            throw corrupt(path, "too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw corrupt(path, "checksum mismatch");
        }
        if (b.getInt() != MAGIC) {
            throw corrupt(path, "not an .ecm file");
        }
        short version = b.getShort();
        if (version != VERSION && version != VERSION_1) {
            throw corrupt(path, "version " + version + ", not " + VERSION_1 + " or " + VERSION);
        }
        int header = version == VERSION ? HEADER : HEADER_1;
        if (bytes.length < header + 4) {
            throw corrupt(path, "too short");
        }
        int data = b.get() & 0xff;
        int parity = b.get() & 0xff;
        long large = b.getLong();
        int small = b.getInt();
        long datSize = b.getLong();
        int blocks = b.getInt();
        int generation = version == VERSION ? b.getInt() : 0;
        if (generation < 0) {
            throw corrupt(path, "negative generation");
        }
        EcLayout layout;
        try {
            layout = new EcLayout(data, large, small, datSize);
        } catch (HayloftException e) {
            throw corrupt(path, e.getMessage());
        }
        if (layout.shardSize() / small != blocks || bytes.length != header + 4L * blocks * (data + parity) + 4) {
            throw corrupt(path, "its block count does not match its layout");
        }
        int[][] crcs = new int[data + parity][blocks];
        for (int[] shard : crcs) {
            for (int i = 0; i < blocks; i++) {
                shard[i] = b.getInt();
            }
        }
        return new EcMetadata(layout, parity, crcs, generation);
    }

    private static HayloftException corrupt(Path path, String why) {
        return new HayloftException(ErrorCode.CORRUPT, path + " is not a valid erasure-coding metadata file: " + why);
    }
}
