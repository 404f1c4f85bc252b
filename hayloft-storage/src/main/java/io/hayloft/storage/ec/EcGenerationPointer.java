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
 * The {@code .ecg} file: which generation of an erasure-coded volume a server serves. Absent means generation
 * 0 (a volume never compacted has none). Replaced atomically (temporary file, forced, renamed, directory
 * forced): the rename is a compaction's commit point on that server.
 *
 * <pre>
 * offset  size  field (big-endian)
 *   0      4    magic "HLEG"
 *   4      4    generation (unsigned, 0 .. 2^31-1)
 *   8      4    CRC-32C of bytes 0..7
 * </pre>
 * Stateless; the caller serializes writers of one volume.
 */
public final class EcGenerationPointer {
    static final int MAGIC = 0x484C4547; // "HLEG"
    static final int SIZE = 12;

    private EcGenerationPointer() {
    }

    /**
     * The generation {@code files}' pointer names, 0 when there is none.
     *
     * @throws HayloftException CORRUPT when the file is not a valid pointer
     * @throws UncheckedIOException when it cannot be read
     */
    public static int read(EcFiles files) {
        Path path = files.pointer();
        if (!Files.exists(path)) {
            return 0;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (bytes.length != SIZE) {
            throw corrupt(path, bytes.length + " bytes, not " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 8);
        if (b.getInt(8) != (int) crc.getValue()) {
            throw corrupt(path, "checksum mismatch");
        }
        if (b.getInt(0) != MAGIC || b.getInt(4) < 0) {
            throw corrupt(path, "not a generation pointer");
        }
        return b.getInt(4);
    }

    /**
     * Points {@code files}' volume at generation {@code generation}, durably (the directory is forced).
     *
     * @throws UncheckedIOException when it cannot be written; the old pointer is then still in place
     */
    public static void write(EcFiles files, int generation) {
        HayloftException.checkArgument(generation >= 0, "a generation is 0 or more");
        Path path = files.pointer();
        ByteBuffer b = ByteBuffer.allocate(SIZE).putInt(MAGIC).putInt(generation);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue()).flip();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static HayloftException corrupt(Path path, String why) {
        return new HayloftException(ErrorCode.CORRUPT, path + " is not a valid generation pointer: " + why);
    }
}
