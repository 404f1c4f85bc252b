package io.hayloft.master.repair;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /vol/balance}.
 *
 * @param applied true when the moves were carried out
 * @param moves   the moves, in the order planned (and run)
 * @param before  replicas per server before
 * @param after   replicas per server after: as planned, or as the topology shows once applied
 */
public record BalanceReport(boolean applied, List<Move> moves, Map<String, Integer> before,
                            Map<String, Integer> after) {
    public BalanceReport {
        moves = List.copyOf(moves);
        before = Map.copyOf(before);
        after = Map.copyOf(after);
    }

    /** One move; {@code error} only when it failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Move(int volume, String source, String target, boolean done, String error) {
    }
}
