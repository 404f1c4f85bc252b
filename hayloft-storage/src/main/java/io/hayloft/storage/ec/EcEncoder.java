package io.hayloft.storage.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.FaultPoints;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Encodes a sealed (read-only) volume into an erasure-coded one beside it: the shards, the sorted
 * index and, last, the metadata whose presence marks the encoding complete ({@link EcFiles}). The
 * volume itself is left as it is; removing it once the shards are verified and registered elsewhere is
 * the caller's decision.
 *
 * <p>Memory: one small block per shard ({@code 14 × 1 MiB} at most by default), whatever the volume's size: each
 * row is coded in slices of one small block per data shard, and every shard file is written front to
 * back. Not thread-safe; one encoding per volume at a time.
 */
public final class EcEncoder {
    /** Fault point: the index and every shard written and forced, the {@code .ecm} not yet. */
    public static final String SHARDS_WRITTEN = "ec.encode.shards-written";

    private final ReedSolomon code;
    private final long largeBlock;
    private final int smallBlock;

    /** An encoder with the default blocks (1 GiB rows, then 1 MiB rows). */
    public EcEncoder(ReedSolomon code) {
        this(code, EcLayout.LARGE_BLOCK, EcLayout.SMALL_BLOCK);
    }

    /**
     * An encoder with its own block sizes (tests use small ones to cover both kinds of row); {@code smallBlock}
     * is the largest small block, fitted to each volume ({@link EcLayout#fitted}).
     */
    public EcEncoder(ReedSolomon code, long largeBlock, int smallBlock) {
        this.code = code;
        this.largeBlock = largeBlock;
        this.smallBlock = smallBlock;
        new EcLayout(code.dataShards(), largeBlock, smallBlock, largeBlock * code.dataShards()); // checks the blocks
    }

    /**
     * Writes {@code volume}'s erasure-coded files.
     *
     * @return the metadata written
     * @throws HayloftException CONFLICT when the volume is still writable (seal it first)
     * @throws UncheckedIOException on an I/O failure (the partial files are removed)
     */
    public EcMetadata encode(Volume volume) {
        return encode(volume, EcFiles.of(volume.datPath()));
    }

    /**
     * Writes {@code volume}'s erasure-coded files as {@code files} (a compaction's new generation: {@link
     * EcFiles#generation()} goes into the {@code .ecm}).
     *
     * @return the metadata written
     * @throws HayloftException CONFLICT when the volume is still writable (seal it first)
     * @throws UncheckedIOException on an I/O failure (the partial files are removed)
     */
    public EcMetadata encode(Volume volume, EcFiles files) {
        if (!volume.isReadOnly()) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + volume.id()
                    + " is writable: mark it read-only before erasure coding it");
        }
        try (VolumeSnapshot snapshot = volume.snapshot()) {
            EcLayout layout = EcLayout.fitted(code.dataShards(), largeBlock, smallBlock, snapshot.datLength());
            writeIndex(volume, files);
            int[][] crcs = writeShards(snapshot.dat(), layout, files);
            FaultPoints.hit(SHARDS_WRITTEN);
            EcMetadata metadata = new EcMetadata(layout, code.parityShards(), crcs, files.generation());
            metadata.write(files.metadata());
            return metadata;
        } catch (IOException | RuntimeException e) {
            deletePartial(files);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot erasure-code volume " + volume.id(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void writeIndex(Volume volume, EcFiles files) throws IOException {
        ByteBuffer entries = ByteBuffer.allocate(16 * 1024);
        try (FileChannel ch = FileChannel.open(files.index(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // collect under the map's lock (no I/O there), then write
            var keys = new java.util.ArrayList<long[]>();
            volume.forEachLive((key, offsetUnits, size) -> keys.add(new long[] {key, offsetUnits, size}));
            for (long[] e : keys) {
                if (entries.remaining() < 16) {
                    writeFully(ch, entries.flip());
                    entries.clear();
                }
                entries.putLong(e[0]).putInt((int) e[1]).putInt((int) e[2]);
            }
            writeFully(ch, entries.flip());
            ch.force(true);
        }
    }

    private int[][] writeShards(FileChannel dat, EcLayout layout, EcFiles files) throws IOException {
        int smallBlock = layout.smallBlock();
        int total = code.totalShards();
        int data = code.dataShards();
        FileChannel[] out = new FileChannel[total];
        int blocks = (int) (layout.shardSize() / smallBlock);
        int[][] crcs = new int[total][blocks];
        byte[][] slice = new byte[total][smallBlock];
        CRC32C crc = new CRC32C();
        try {
            for (int i = 0; i < total; i++) {
                out[i] = FileChannel.open(files.shard(i), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            int block = 0;
            long largeData = layout.largeRows() * largeBlock * data;
            for (long row = 0; row < layout.largeRows(); row++) {
                for (long pos = 0; pos < largeBlock; pos += smallBlock) {
                    for (int i = 0; i < data; i++) {
                        read(dat, row * largeBlock * data + i * largeBlock + pos, slice[i], layout.datSize());
                    }
                    codeAndWrite(slice, smallBlock, out, crcs, block++, crc);
                }
            }
            for (long row = 0; row < layout.smallRows(); row++) {
                for (int i = 0; i < data; i++) {
                    read(dat, largeData + row * smallBlock * data + (long) i * smallBlock, slice[i], layout.datSize());
                }
                codeAndWrite(slice, smallBlock, out, crcs, block++, crc);
            }
            for (FileChannel ch : out) {
                ch.force(true);
            }
        } finally {
            for (FileChannel ch : out) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
        return crcs;
    }

    private void codeAndWrite(byte[][] slice, int smallBlock, FileChannel[] out, int[][] crcs, int block, CRC32C crc)
            throws IOException {
        code.encode(slice, 0, smallBlock);
        for (int i = 0; i < slice.length; i++) {
            crc.reset();
            crc.update(slice[i], 0, smallBlock);
            crcs[i][block] = (int) crc.getValue();
            writeFully(out[i], ByteBuffer.wrap(slice[i], 0, smallBlock));
        }
    }

    /** Fills {@code into} from {@code dat} at {@code position}, with zeros past {@code datSize}. */
    private static void read(FileChannel dat, long position, byte[] into, long datSize) throws IOException {
        int want = (int) Math.max(0, Math.min(into.length, datSize - position));
        ByteBuffer b = ByteBuffer.wrap(into, 0, want);
        while (b.hasRemaining()) {
            if (dat.read(b, position + b.position()) < 0) {
                throw new IOException("the volume's .dat ended at " + (position + b.position()) + " of " + datSize);
            }
        }
        java.util.Arrays.fill(into, want, into.length, (byte) 0);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private void deletePartial(EcFiles files) {
        try {
            Files.deleteIfExists(files.metadata());
            Files.deleteIfExists(files.index());
            for (int i = 0; i < code.totalShards(); i++) {
                Files.deleteIfExists(files.shard(i));
            }
        } catch (IOException ignored) {
            // best effort: without its .ecm the rest is never taken for a complete encoding
        }
    }
}
