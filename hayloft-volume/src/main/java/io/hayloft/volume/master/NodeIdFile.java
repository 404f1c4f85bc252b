package io.hayloft.volume.master;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The node meta file ({@code hayloft-node.properties} in the first data directory) that keeps the
 * node id the master assigned, so a restarted volume server keeps its identity.
 *
 * <p>Format: a Java properties file with one key, {@code nodeId}, a positive decimal number.
 * Written atomically: temp file, fsync, rename, fsync of the directory.
 */
public final class NodeIdFile {
    /** File name inside the first data directory. */
    public static final String NAME = "hayloft-node.properties";
    private static final String KEY = "nodeId";

    private final Path file;

    public NodeIdFile(Path dir) {
        this.file = dir.resolve(NAME);
    }

    /**
     * Reads the stored node id.
     *
     * @return the id, or empty when the file does not exist
     * @throws IllegalStateException when the file exists but holds no valid id
     * @throws UncheckedIOException  when it cannot be read
     */
    public OptionalLong read() {
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String v = p.getProperty(KEY, "").trim();
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return OptionalLong.of(id);
            }
        } catch (NumberFormatException e) {
            // reported below with the file name
        }
        throw new IllegalStateException("invalid node id '" + v + "' in " + file + ": fix or delete the file");
    }

    /**
     * Stores the node id atomically and durably.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public void write(long nodeId) {
        Path tmp = file.resolveSibling(NAME + ".tmp");
        byte[] content = ("# assigned by the master; do not edit\n" + KEY + "=" + nodeId + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems cannot open a directory for fsync; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
