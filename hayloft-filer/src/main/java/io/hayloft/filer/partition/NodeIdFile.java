package io.hayloft.filer.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The node id the master handed this filer server, kept in {@code node.id} (decimal, one line) in its
 * directory so that a restart finds its partition replicas under the same Raft peer id. A server
 * whose directory was wiped gets a new id: to the master it is a new server, and the old id's
 * replicas are re-created after the grace period.
 */
final class NodeIdFile {
    static final String NAME = "node.id";

    private NodeIdFile() {
    }

    /**
     * The id in {@code dir}, if one was written.
     *
     * @throws IllegalStateException when the file is there but not a positive number
     */
    static Optional<Long> read(Path dir) {
        Path f = dir.resolve(NAME);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8).strip();
            long id = Long.parseLong(text);
            if (id <= 0) {
                throw new NumberFormatException("not positive");
            }
            return Optional.of(id);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(f + " does not hold a node id (" + e.getMessage() + "): delete it to"
                    + " register this filer server as a new one");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Writes {@code id} into {@code dir} atomically (a crash leaves the old file or the new one). */
    static void write(Path dir, long id) {
        Path f = dir.resolve(NAME);
        Path tmp = dir.resolve(NAME + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
