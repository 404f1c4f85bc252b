package io.hayloft.volume.master;

import io.hayloft.api.wire.VolumeReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a volume server's successive volume reports into numbered heartbeat contents: a full report
 * first, when a master asked for one ({@link #requestFull}) and every {@code fullEvery} beats as a
 * check; otherwise a delta of the volumes new or changed since the previous beat and the ids gone
 * since (see {@link io.hayloft.api.wire.Heartbeat}). The delta is always against the previous beat
 * <em>built</em>, answered or not: a master that missed one sees the gap in the numbers and asks for a
 * full report. Not thread-safe: one heartbeat loop owns it.
 */
public final class HeartbeatDeltas {
    /** Beats between two unrequested full reports (5 minutes at the 5 s default pulse). */
    public static final int DEFAULT_FULL_EVERY = 60;

    private final int fullEvery;
    /** What the last beat told, by volume id (updated in place). */
    private Map<Integer, VolumeReport> sent = new HashMap<>();
    private long sequence;
    private long lastFull;
    private boolean fullRequested = true;

    /** @param fullEvery beats between two full reports nobody asked for (1: every beat is a full report) */
    public HeartbeatDeltas(int fullEvery) {
        if (fullEvery < 1) {
            throw new IllegalArgumentException("fullEvery must be 1 or more, got " + fullEvery);
        }
        this.fullEvery = fullEvery;
    }

    /** Deltas with a full report every {@link #DEFAULT_FULL_EVERY} beats. */
    public HeartbeatDeltas() {
        this(DEFAULT_FULL_EVERY);
    }

    /**
     * The contents of the next beat, given every volume the server holds now; numbers it and
     * remembers {@code now} as what the masters were told.
     *
     * @param now one report per volume held, ids distinct
     */
    public Beat next(List<VolumeReport> now) {
        sequence++;
        Beat beat;
        if (fullRequested || sequence - lastFull >= fullEvery) {
            beat = new Beat(sequence, false, List.copyOf(now), List.of());
            lastFull = sequence;
            fullRequested = false;
        } else {
            List<VolumeReport> changed = new ArrayList<>();
            int stillHeld = 0;
            for (VolumeReport r : now) {
                VolumeReport before = sent.get(r.id());
                if (before == null) {
                    changed.add(r);
                } else {
                    stillHeld++;
                    if (before != r && !r.equals(before)) {
                        changed.add(r);
                    }
                }
            }
            List<Integer> deleted = new ArrayList<>();
            if (stillHeld < sent.size()) {
                Set<Integer> held = new HashSet<>(now.size() * 2);
                now.forEach(r -> held.add(r.id()));
                for (Integer id : sent.keySet()) {
                    if (!held.contains(id)) {
                        deleted.add(id);
                    }
                }
                deleted.sort(null);
            }
            beat = new Beat(sequence, true, changed, deleted);
        }
        remember(now);
        return beat;
    }

    /**
     * Makes {@link #sent} hold {@code now}, in place: a server that beats every pulse with the same volumes
     * (thousands of them in one simulator) allocates nothing that lives until the next beat.
     */
    private void remember(List<VolumeReport> now) {
        if (sent.size() > now.size() * 2 + 16) {
            sent = new HashMap<>(now.size() * 2);
        }
        for (VolumeReport r : now) {
            sent.put(r.id(), r);
        }
        if (sent.size() > now.size()) { // ids are distinct: some held before are gone
            Set<Integer> held = new HashSet<>(now.size() * 2);
            now.forEach(r -> held.add(r.id()));
            sent.keySet().retainAll(held);
        }
    }

    /** Makes the next beat a full report (a master asked for one). */
    public void requestFull() {
        fullRequested = true;
    }

    /** Starts over as a restarted server does: the next beat is a full report numbered 1. */
    public void reset() {
        sequence = 0;
        lastFull = 0;
        sent.clear();
        fullRequested = true;
    }

    /** The number of the last beat built, 0 before the first. */
    public long sequence() {
        return sequence;
    }

    /**
     * One beat's volume contents.
     *
     * @param sequence the beat's number (1 first)
     * @param delta    false for a full report
     * @param volumes  every volume (full) or the new and changed ones (delta)
     * @param deleted  the ids gone since the previous beat (delta only), ascending
     */
    public record Beat(long sequence, boolean delta, List<VolumeReport> volumes, List<Integer> deleted) {
    }
}
