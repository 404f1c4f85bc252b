package io.hayloft.master.repair;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code POST /vol/fix/replication}: the plan and, when applied, what happened.
 *
 * @param applied         true when the plan was carried out
 * @param underReplicated volumes missing replicas and their copies
 * @param overReplicated  volumes with surplus replicas and the replicas removed
 * @param unfixable       volumes that cannot be repaired, with the reason
 */
public record FixReport(boolean applied, List<Under> underReplicated, List<Over> overReplicated,
                        List<Unfixable> unfixable) {
    public FixReport {
        underReplicated = List.copyOf(underReplicated);
        overReplicated = List.copyOf(overReplicated);
        unfixable = List.copyOf(unfixable);
    }

    /** An under-replicated volume: its replicas now and the copies planned (done when applied). */
    public record Under(int volume, String collection, String replication, List<String> replicas,
                        List<CopyOutcome> copies) {
        public Under {
            replicas = List.copyOf(replicas);
            copies = List.copyOf(copies);
        }
    }

    /** One copy: {@code error} only when it failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CopyOutcome(String source, String target, boolean done, String error) {
    }

    /** An over-replicated volume: its replicas and the ones removed; {@code error} only on failure. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Over(int volume, List<String> replicas, List<String> remove, boolean done, String error) {
        public Over {
            replicas = List.copyOf(replicas);
            remove = List.copyOf(remove);
        }
    }

    /** A volume that cannot be repaired. */
    public record Unfixable(int volume, String reason) {
    }
}
