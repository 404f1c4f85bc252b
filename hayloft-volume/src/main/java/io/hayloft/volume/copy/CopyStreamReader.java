package io.hayloft.volume.copy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.VolumeFiles;
import io.hayloft.volume.store.DiskLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Receives a volume copy stream ({@link CopyHeader} format) into a data directory: writes
 * {@code <base>.idx.copying} and {@code <base>.dat.copying}, checks their byte counts against the
 * header and that the stream ends there, forces both, then renames the {@code .idx} and then the
 * {@code .dat} into place. Leftovers of an earlier interrupted copy of the same volume are removed
 * first. On any failure nothing of the copy is left in the directory. Blocking: run it on a
 * virtual thread; the caller serialises copies of one volume id.
 */
public final class CopyStreamReader {
    private static final int BUFFER_SIZE = 1 << 20;

    /** The files of a volume copy, in place in their directory and not yet opened. */
    public record Installed(CopyHeader header, long bytes, Path idx, Path dat) {
        /** Deletes both files (the volume could not be opened or registered). */
        public void remove() {
            try {
                Files.deleteIfExists(dat);
                Files.deleteIfExists(idx);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the copied files " + dat + " and " + idx, e);
            }
        }
    }

    private CopyStreamReader() {
    }

    /**
     * Reads the whole stream and installs volume {@code id}'s files in {@code dir}.
     *
     * @return the header and files; the stream's byte count
     * @throws CopyStreamException if the stream breaks its format (bad header, truncated, too long)
     * @throws IOException         if reading the stream or writing the files fails
     * @throws HayloftException    {@code CONFLICT} if {@code dir} already has that volume's {@code .dat}
     */
    public static Installed install(InputStream in, VolumeId id, Path dir) throws IOException {
        CopyHeader header = CopyHeader.read(in);
        String base = VolumeFiles.baseName(header.collection(), id);
        Path idx = dir.resolve(base + VolumeFiles.IDX);
        Path dat = dir.resolve(base + VolumeFiles.DAT);
        Path idxCopying = dir.resolve(base + VolumeFiles.IDX + DiskLocation.COPYING);
        Path datCopying = dir.resolve(base + VolumeFiles.DAT + DiskLocation.COPYING);
        if (Files.exists(dat)) {
            throw new HayloftException(ErrorCode.CONFLICT, "files of volume " + id + " already exist in " + dir);
        }
        Files.deleteIfExists(idx); // an index without its .dat: left by a copy that died between the renames
        Files.deleteIfExists(idxCopying);
        Files.deleteIfExists(datCopying);
        boolean idxInPlace = false;
        boolean done = false;
        try {
            byte[] buffer = new byte[BUFFER_SIZE];
            receive(in, idxCopying, header.idxLength(), ".idx", buffer);
            receive(in, datCopying, header.datLength(), ".dat", buffer);
            if (in.read() >= 0) {
                throw new CopyStreamException("volume copy stream is longer than its header says ("
                        + header.streamLength() + " bytes)");
            }
            checkSize(idxCopying, header.idxLength());
            checkSize(datCopying, header.datLength());
            Files.move(idxCopying, idx, StandardCopyOption.ATOMIC_MOVE);
            idxInPlace = true;
            Files.move(datCopying, dat, StandardCopyOption.ATOMIC_MOVE);
            DiskLocation.forceDirectory(dir);
            done = true;
            return new Installed(header, header.streamLength(), idx, dat);
        } finally {
            if (!done) {
                deleteQuietly(idxCopying);
                deleteQuietly(datCopying);
                if (idxInPlace) {
                    deleteQuietly(idx);
                }
            }
        }
    }

    private static void receive(InputStream in, Path file, long length, String what, byte[] buffer)
            throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - written));
                if (n < 0) {
                    throw new CopyStreamException("volume copy stream ended after " + written + " of the "
                            + length + " bytes of " + what);
                }
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
            }
            out.force(true);
        }
    }

    private static void checkSize(Path file, long expected) throws IOException {
        long size = Files.size(file);
        if (size != expected) {
            throw new IOException(file + " holds " + size + " bytes after the copy, expected " + expected);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort on a path already failing; a leftover *.copying is removed at the next load
        }
    }
}
