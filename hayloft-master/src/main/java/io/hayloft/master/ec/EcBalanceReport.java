package io.hayloft.master.ec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedSet;

/**
 * The answer of {@code POST /vol/ec/balance}: the shard moves planned and, when applied, their outcome.
 *
 * @param applied true when the moves were carried out
 * @param volumes erasure-coded volumes looked at
 * @param moves   one entry per volume, source and target: the shards going from one to the other
 */
public record EcBalanceReport(boolean applied, int volumes, List<Moved> moves) {
    public EcBalanceReport {
        moves = List.copyOf(moves);
    }

    /**
     * Shards of one volume going from one server to another, and the outcome ({@code error} only on failure).
     *
     * @param done true once the target holds them (verified, registered) and the source dropped them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Moved(int volume, String collection, SortedSet<Integer> shards, String from, String to,
                        boolean done, String error) {
    }
}
