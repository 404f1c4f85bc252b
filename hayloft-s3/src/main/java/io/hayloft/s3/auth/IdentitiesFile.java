package io.hayloft.s3.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identities file that is re-read when it changes: {@link #get()} looks at the file's modification
 * time and size at most once per {@code interval} and reloads it when either moved. A change that does
 * not parse is logged and ignored (the identities in force stay), so a half-written edit never locks
 * everyone out. Thread-safe.
 */
public final class IdentitiesFile implements Supplier<Identities> {
    private static final Logger LOG = LoggerFactory.getLogger(IdentitiesFile.class);

    private final Path file;
    private final Clock clock;
    private final Duration interval;
    private Identities current;
    private FileTime modified;
    private long size;
    private Instant checked;

    /**
     * Loads {@code file} now.
     *
     * @param interval how often at most the file is looked at
     * @throws IllegalArgumentException when it does not parse
     * @throws UncheckedIOException     when it cannot be read
     */
    public IdentitiesFile(Path file, Clock clock, Duration interval) {
        this.file = file;
        this.clock = clock;
        this.interval = interval;
        this.checked = clock.instant();
        stamp();
        this.current = Identities.load(file);
    }

    /** The identities in force, reloaded first if the file changed since it was last looked at. */
    @Override
    public synchronized Identities get() {
        Instant now = clock.instant();
        if (Duration.between(checked, now).compareTo(interval) < 0) {
            return current;
        }
        checked = now;
        FileTime oldModified = modified;
        long oldSize = size;
        try {
            stamp();
        } catch (UncheckedIOException e) {
            LOG.warn("cannot look at {}, keeping the identities in force: {}", file, e.getMessage());
            return current;
        }
        if (modified.equals(oldModified) && size == oldSize) {
            return current;
        }
        try {
            current = Identities.load(file);
            LOG.info("reloaded S3 identities from {}: {} access keys", file, current.size());
        } catch (RuntimeException e) {
            LOG.warn("{} changed but cannot be used, keeping the identities in force: {}", file, e.getMessage());
        }
        return current;
    }

    private void stamp() {
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
