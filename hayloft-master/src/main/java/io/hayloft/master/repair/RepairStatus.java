package io.hayloft.master.repair;

import java.time.Instant;
import java.util.List;

/**
 * What the replica repair loop is doing, as of its last pass and now: for the master's web page.
 *
 * @param state            {@code follower} (this master does not repair), {@code settling} (a new leader
 *                         waiting the dead-node timeout before its first pass) or {@code active}
 * @param lastPass         when the last pass ran; null before the first
 * @param activeFrom       when a settling leader starts repairing; null otherwise
 * @param grace            seconds a volume stays under-replicated before it is copied
 * @param underReplicated  volumes short of replicas at the last pass
 * @param overReplicated   volumes with surplus replicas at the last pass
 * @param unfixable        volumes the last pass could not plan a repair for, with why
 * @param copies           replica copies running now (automatic, or asked for by {@code /vol/fix/replication})
 */
public record RepairStatus(String state, Instant lastPass, Instant activeFrom, long grace,
                           List<Under> underReplicated, List<Over> overReplicated, List<Unfixable> unfixable,
                           List<Copying> copies) {
    public RepairStatus {
        underReplicated = List.copyOf(underReplicated);
        overReplicated = List.copyOf(overReplicated);
        unfixable = List.copyOf(unfixable);
        copies = List.copyOf(copies);
    }

    /** The state of a master that never ran a pass. */
    static RepairStatus initial(long graceSeconds) {
        return new RepairStatus("follower", null, null, graceSeconds, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * @param volume the volume id
     * @param since  when it was first seen short, without a break since
     * @param due    when the grace ends and a copy may start
     */
    public record Under(int volume, Instant since, Instant due) {
    }

    /**
     * @param volume the volume id
     * @param passes consecutive passes it was seen over-replicated (its surplus goes at two)
     */
    public record Over(int volume, int passes) {
    }

    /**
     * @param volume the volume id
     * @param reason why no repair can be planned (as the logs say it)
     */
    public record Unfixable(int volume, String reason) {
    }

    /**
     * @param volume  the volume id
     * @param source  the server copied from ({@code ip:port})
     * @param target  the server copied to
     * @param started when the copy started
     */
    public record Copying(int volume, String source, String target, Instant started) {
    }
}
