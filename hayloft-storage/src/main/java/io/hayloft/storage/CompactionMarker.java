package io.hayloft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The compaction marker {@code <base>.cpm}: its presence, valid, is the commit point of a
 * compaction. It is written (and forced, with its directory) only once {@code .cpd} and
 * {@code .cpx} are complete and forced, before either is renamed; it is deleted once both renames
 * are durable. At open, a valid marker means roll forward; no marker, or one that fails its
 * checks (a crash while writing it), means roll back — no rename can have happened yet.
 *
 * <pre>
 * offset  size  field (big-endian)
 *  0      4     magic "HLCM" (0x48 0x4C 0x43 0x4D)
 *  4      1     format version: {@value #VERSION}; any other value makes the marker invalid
 *  5      1     reserved, 0
 *  6      2     compaction revision of the new files (u16), as in their superblock
 *  8      8     length of .cpd in bytes (u64)
 *  16     8     length of .cpx in bytes (u64)
 *  24     4     reserved, 0
 *  28     4     CRC-32C of bytes 0..27
 * </pre>
 *
 * @param revision  the compaction revision written in the new {@code .cpd} superblock
 * @param datLength the length of the complete {@code .cpd}
 * @param idxLength the length of the complete {@code .cpx}
 */
record CompactionMarker(int revision, long datLength, long idxLength) {
    static final int SIZE = 32;
    static final int MAGIC = 0x484C_434D;
    static final int VERSION = 1;

    CompactionMarker {
        if (revision < 0 || revision > 0xFFFF || datLength < SuperBlock.SIZE || idxLength < 0
                || idxLength % IndexFile.ENTRY_SIZE != 0) {
            throw new IllegalArgumentException("invalid compaction marker " + revision + "/" + datLength + "/"
                    + idxLength);
        }
    }

    /** Returns the 32 bytes described in the class comment. */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(MAGIC).put((byte) VERSION).put((byte) 0).putShort((short) revision)
                .putLong(datLength).putLong(idxLength).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, SIZE - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Decodes a marker; empty if the bytes are not exactly a valid marker (torn, flipped, foreign). */
    static Optional<CompactionMarker> decode(byte[] bytes) {
        if (bytes.length != SIZE) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE - 4);
        if (b.getInt(0) != MAGIC || b.get(4) != VERSION || b.getInt(SIZE - 4) != (int) crc.getValue()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CompactionMarker(b.getShort(6) & 0xFFFF, b.getLong(8), b.getLong(16)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes the marker to {@code path} (replacing any file there) and forces it; the caller forces
     * the directory.
     *
     * @throws UncheckedIOException on an I/O failure
     */
    void write(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileIo.writeFully(ch, ByteBuffer.wrap(encode()), 0);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write compaction marker " + path, e);
        }
    }

    /**
     * Reads the marker file.
     *
     * @return the file's bytes, or null if there is no file
     * @throws UncheckedIOException on an I/O failure
     */
    static byte[] readBytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read compaction marker " + path, e);
        }
    }
}
