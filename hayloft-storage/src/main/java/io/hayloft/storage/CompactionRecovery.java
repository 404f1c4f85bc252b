package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Finishes or undoes a compaction that a crash interrupted, before {@link Volume#open} reads the
 * volume. The {@link CompactionMarker} decides:
 *
 * <pre>
 *  marker absent or invalid ─▶ roll back: delete .cpd, .cpx (and the invalid marker)
 *  marker valid             ─▶ roll forward: check each temp file still present against the marker
 *                              (length, superblock revision), rename .cpd ─▶ .dat, .cpx ─▶ .idx,
 *                              check .dat now has the marker's revision, delete the marker
 * </pre>
 *
 * A valid marker whose temp files are both still present but do not match it (a disk that lied
 * about a force) is rolled back: nothing was renamed yet, the old files are whole. A valid marker
 * with one file already renamed and the other not matching cannot be repaired safely and is
 * reported as {@code CORRUPT}. Every step is idempotent, so a crash during recovery is recovered
 * by the next open.
 */
final class CompactionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CompactionRecovery.class);

    private CompactionRecovery() {
    }

    /**
     * Rolls an interrupted compaction of volume {@code base} in {@code dir} back or forward.
     *
     * @return what was done
     * @throws HayloftException     {@code CORRUPT} if a marker says roll forward but the files
     *                              contradict it
     * @throws UncheckedIOException on an I/O failure
     */
    static CompactionRecoveryOutcome recover(Path dir, String base) {
        Path dat = dir.resolve(base + VolumeFiles.DAT);
        Path idx = dir.resolve(base + VolumeFiles.IDX);
        Path cpd = dir.resolve(base + VolumeFiles.COMPACT_DAT);
        Path cpx = dir.resolve(base + VolumeFiles.COMPACT_IDX);
        Path cpm = dir.resolve(base + VolumeFiles.COMPACT_MARKER);
        byte[] bytes = CompactionMarker.readBytes(cpm);
        Optional<CompactionMarker> marker = bytes == null ? Optional.empty() : CompactionMarker.decode(bytes);
        if (marker.isEmpty()) {
            if (bytes != null) {
                LOG.warn("volume {}: compaction marker is invalid (torn while written): rolling back", base);
            }
            return rollBack(dir, base, cpm, cpd, cpx) ? CompactionRecoveryOutcome.ROLLED_BACK
                    : CompactionRecoveryOutcome.NONE;
        }
        CompactionMarker m = marker.get();
        boolean cpdPresent = Files.exists(cpd);
        boolean cpxPresent = Files.exists(cpx);
        boolean cpdOk = !cpdPresent || matches(cpd, m.datLength(), m.revision());
        boolean cpxOk = !cpxPresent || matches(cpx, m.idxLength(), -1);
        if (!cpdOk || !cpxOk) {
            if (cpdPresent && cpxPresent) {
                LOG.warn("volume {}: compacted files do not match their marker: rolling back", base);
                FileIo.deleteIfExists(cpm);
                FileIo.forceDirectory(dir);
                rollBack(dir, base, cpm, cpd, cpx);
                return CompactionRecoveryOutcome.ROLLED_BACK;
            }
            throw new HayloftException(ErrorCode.CORRUPT, "volume " + base + ": a compaction was half switched and "
                    + (cpdOk ? cpx : cpd) + " does not match its marker");
        }
        LOG.warn("volume {}: finishing an interrupted compaction to revision {}", base, m.revision());
        if (cpdPresent) {
            FileIo.replace(cpd, dat);
        }
        if (cpxPresent) {
            FileIo.replace(cpx, idx);
        }
        FileIo.forceDirectory(dir);
        if (!matches(dat, -1, m.revision())) {
            throw new HayloftException(ErrorCode.CORRUPT, "volume " + base + ": the compaction marker names revision "
                    + m.revision() + " but " + dat + " is not that revision");
        }
        FileIo.deleteIfExists(cpm);
        FileIo.forceDirectory(dir);
        return CompactionRecoveryOutcome.ROLLED_FORWARD;
    }

    /** Deletes whatever temp files exist (never the marker of a roll-forward); true if any did. */
    static boolean rollBack(Path dir, String base, Path cpm, Path cpd, Path cpx) {
        boolean any = FileIo.deleteIfExists(cpm);
        any |= FileIo.deleteIfExists(cpd);
        any |= FileIo.deleteIfExists(cpx);
        if (any) {
            LOG.warn("volume {}: removed the files of an unfinished compaction", base);
            FileIo.forceDirectory(dir);
        }
        return any;
    }

    /**
     * True if the file has {@code length} bytes (unless -1) and, unless {@code revision} is -1, a
     * superblock of that compaction revision.
     */
    private static boolean matches(Path file, long length, int revision) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (length >= 0 && ch.size() != length) {
                return false;
            }
            if (revision < 0) {
                return true;
            }
            if (ch.size() < SuperBlock.SIZE) {
                return false;
            }
            ByteBuffer sb = ByteBuffer.allocate(SuperBlock.SIZE);
            FileIo.readFully(ch, sb, 0);
            return SuperBlock.decode(sb.array()).compactionRevision() == revision;
        } catch (HayloftException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + file, e);
        }
    }
}
