package io.hayloft.master.assign;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.master.growth.VolumeGrowth;
import io.hayloft.master.sequence.FileKeySequencer;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.VolumeLayout.WritableVolume;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Turns an assign request into a file id: picks a writable volume of the layout (growing the
 * layout first when it has none), reserves keys from the sequencer and adds a random cookie.
 *
 * <pre>
 *   pick writable ──none──► grow (once per burst) ──► pick again ──none──► 406
 *        │                                                │
 *        └────────────► keys from sequencer + cookie ◄────┘
 * </pre>
 *
 * <p>Thread-safe; blocks on growth and on sequencer refills (Raft). Call on the leader only.
 */
public final class Assigner {
    private final Topology topology;
    private final VolumeGrowth growth;
    private final FileKeySequencer sequencer;
    private final RandomGenerator cookies;
    private final LongAdder assignedKeys = new LongAdder();

    /**
     * @param cookies source of cookies; must be thread-safe (e.g. {@link java.security.SecureRandom})
     */
    public Assigner(Topology topology, VolumeGrowth growth, FileKeySequencer sequencer, RandomGenerator cookies) {
        this.topology = topology;
        this.growth = growth;
        this.sequencer = sequencer;
        this.cookies = cookies;
    }

    /**
     * Assigns.
     *
     * @throws HayloftException {@code NOT_ACCEPTABLE} when no volume is writable and none can grow
     *                          ("No free volumes left!" or the placement's reason),
     *                          {@code UNAVAILABLE} when Raft cannot commit
     */
    public Assignment assign(AssignRequest request) {
        Optional<WritableVolume> volume = topology.pickWritable(request.key(), request.constraint());
        if (volume.isEmpty()) {
            growth.growIfNoneWritable(request.key(), request.growthCount(), request.constraint());
            volume = topology.pickWritable(request.key(), request.constraint());
        }
        WritableVolume v = volume.orElseThrow(() -> new HayloftException(ErrorCode.NOT_ACCEPTABLE,
                "No writable volumes for " + request.key()));
        long key = sequencer.nextKeys(request.count());
        assignedKeys.add(request.count());
        return new Assignment(new FileId(v.id(), key, cookies.nextInt()), v.locations().getFirst(), request.count());
    }

    /**
     * {@link #assign} when it needs nothing that blocks: the topology's lock is free, a writable volume is
     * already known and the sequencer's current block has the keys. For callers that must not block (an event loop); when
     * empty, call {@link #assign} from a thread that may.
     *
     * @return the assignment, or empty when growth or a key block refill would be needed or another thread
     *         holds the topology's lock
     */
    public Optional<Assignment> tryAssign(AssignRequest request) {
        Optional<WritableVolume> volume = topology.tryPickWritable(request.key(), request.constraint());
        if (volume == null || volume.isEmpty()) {
            return Optional.empty();
        }
        long key = sequencer.tryNextKeys(request.count());
        if (key == FileKeySequencer.NO_KEY) {
            return Optional.empty();
        }
        assignedKeys.add(request.count());
        WritableVolume v = volume.get();
        return Optional.of(new Assignment(new FileId(v.id(), key, cookies.nextInt()), v.locations().getFirst(),
                request.count()));
    }

    /** Keys handed out since start; any thread. */
    public long assignedKeys() {
        return assignedKeys.sum();
    }
}
