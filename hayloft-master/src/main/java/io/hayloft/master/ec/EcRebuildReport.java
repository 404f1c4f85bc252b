package io.hayloft.master.ec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The answer of {@code POST /vol/ec/rebuild}: the health of every erasure-coded volume, the rebuilds
 * planned and, when applied, done.
 *
 * @param applied        true when the rebuilds were carried out
 * @param volumes        erasure-coded volumes known
 * @param whole          of them, those with every shard
 * @param missing        volumes with lost shards that can be rebuilt, and where
 * @param unrecoverable  volumes with fewer than 10 shards left
 * @param unsafe         volumes some server (or, with enough racks, rack) holds more shards of than the code can lose
 */
public record EcRebuildReport(boolean applied, int volumes, int whole, List<Missing> missing,
                              List<Unrecoverable> unrecoverable, List<Unsafe> unsafe) {
    public EcRebuildReport {
        missing = List.copyOf(missing);
        unrecoverable = List.copyOf(unrecoverable);
        unsafe = List.copyOf(unsafe);
    }

    /**
     * A volume missing shards: which, where they are to be rebuilt, and the outcome ({@code error} only on failure).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Missing(int volume, String collection, SortedSet<Integer> shards,
                          Map<String, SortedSet<Integer>> targets, boolean done, String error) {
    }

    /** A volume with too few shards left to rebuild the others. */
    public record Unrecoverable(int volume, String collection, SortedSet<Integer> present) {
    }

    /** A volume whose shards are packed too densely on one server or rack. */
    public record Unsafe(int volume, String where, int shards) {
    }
}
