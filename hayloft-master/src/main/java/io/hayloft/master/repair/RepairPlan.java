package io.hayloft.master.repair;

import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.ClusterView.VolumeView;
import java.util.List;

/**
 * What a repair pass should do ({@link RepairPlanner}).
 *
 * @param underReplicated volumes missing replicas, with the copies planned for them
 * @param overReplicated  volumes with surplus replicas, with the replicas to remove
 * @param unfixable       volumes that cannot be (fully) repaired, with the reason
 * @param unplanned       volumes due for copies that this plan did not look at (past its {@code maxVolumes})
 */
public record RepairPlan(List<UnderReplicated> underReplicated, List<OverReplicated> overReplicated,
                         List<Unfixable> unfixable, int unplanned) {
    public RepairPlan {
        underReplicated = List.copyOf(underReplicated);
        overReplicated = List.copyOf(overReplicated);
        unfixable = List.copyOf(unfixable);
    }

    /**
     * One new replica to make.
     *
     * @param volume the volume
     * @param source the replica to copy from ({@code ip:port})
     * @param target the server to copy to ({@code ip:port})
     */
    public record Copy(VolumeId volume, String source, String target) {
    }

    /** A volume with fewer replicas than its placement asks for, and the copies that fix it. */
    public record UnderReplicated(VolumeView volume, List<Copy> copies) {
        public UnderReplicated {
            copies = List.copyOf(copies);
        }
    }

    /** A volume with more replicas than its placement asks for, and the servers to remove them from. */
    public record OverReplicated(VolumeView volume, List<String> remove) {
        public OverReplicated {
            remove = List.copyOf(remove);
        }
    }

    /** A volume the pass cannot repair (fully), and why. */
    public record Unfixable(VolumeId volume, String reason) {
    }
}
