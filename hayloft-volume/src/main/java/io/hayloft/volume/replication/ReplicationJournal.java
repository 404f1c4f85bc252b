package io.hayloft.volume.replication;

import io.hayloft.api.FileId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small append-only file of replicated changes that are not yet known to be on every replica
 * ({@code replication.journal} in the node's meta directory). A change is opened ({@code W fid
 * peer,peer}) before this server touches its local copy and closed ({@code C fid}) once every
 * replica agrees, so after a crash or a failed fan-out the open entries say which needles may
 * differ between replicas and where. Records reach the OS on every append (they survive a
 * {@code kill -9}, not a power loss). The file is rewritten with only the open entries when it
 * outgrows {@link #COMPACT_BYTES}. Thread-safe.
 */
public final class ReplicationJournal implements AutoCloseable {
    /** File name inside the meta directory. */
    public static final String FILE_NAME = "replication.journal";
    private static final long COMPACT_BYTES = 4L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationJournal.class);

    private final Path file;
    private final Map<FileId, List<String>> open = new LinkedHashMap<>();
    private FileChannel channel;

    private ReplicationJournal(Path file) {
        this.file = file;
    }

    /**
     * Opens (or creates) the journal in {@code dir} and replays it.
     *
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static ReplicationJournal open(Path dir) {
        ReplicationJournal j = new ReplicationJournal(dir.resolve(FILE_NAME));
        try {
            if (Files.exists(j.file)) {
                for (String line : Files.readAllLines(j.file, StandardCharsets.UTF_8)) {
                    j.replay(line);
                }
            }
            j.rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + j.file, e);
        }
        return j;
    }

    private void replay(String line) {
        String[] parts = line.split(" ");
        try {
            if (parts.length == 3 && parts[0].equals("W")) {
                open.put(FileId.parse(parts[1]), Arrays.asList(parts[2].split(",")));
            } else if (parts.length == 2 && parts[0].equals("C")) {
                open.remove(FileId.parse(parts[1]));
            } else if (!line.isBlank()) {
                LOG.warn("ignoring malformed replication journal line '{}'", line);
            }
        } catch (RuntimeException e) {
            // a torn last line after a crash: the change it started never reached the volume
            LOG.warn("ignoring unreadable replication journal line '{}': {}", line, e.getMessage());
        }
    }

    /** Records that {@code fid} is about to change here and on {@code peers}. */
    public synchronized void begin(FileId fid, List<String> peers) {
        open.put(fid, List.copyOf(peers));
        append("W " + fid + " " + String.join(",", peers) + "\n");
    }

    /** Records that every replica agrees on {@code fid} again. */
    public synchronized void end(FileId fid) {
        if (open.remove(fid) == null) {
            return;
        }
        append("C " + fid + "\n");
        if (sizeOrZero() > COMPACT_BYTES) {
            compact();
        }
    }

    /** The open entries: each fid whose replicas may differ, with the peers it was sent to. */
    public synchronized Map<FileId, List<String>> openEntries() {
        return Map.copyOf(open);
    }

    private void append(String record) {
        ByteBuffer buf = ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private long sizeOrZero() {
        try {
            return channel.size();
        } catch (IOException e) {
            return 0;
        }
    }

    private void compact() {
        try {
            rewrite();
        } catch (IOException e) {
            LOG.warn("cannot compact {}: {}", file, e.getMessage());
        }
    }

    /** Writes the open entries to a new file and switches to it atomically. */
    private void rewrite() throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        StringBuilder sb = new StringBuilder();
        open.forEach((fid, peers) -> sb.append("W ").append(fid).append(' ')
                .append(String.join(",", peers)).append('\n'));
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot close {}: {}", file, e.getMessage());
        }
    }
}
