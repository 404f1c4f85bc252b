package io.hayloft.api;

import io.hayloft.api.wire.EcNeedleShards;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which data shard of an erasure-coded volume holds each needle, as runs over the needles' keys in
 * ascending unsigned order: run {@code i} covers the volume's keys from {@code firstKeys[i]} up to (not
 * including) {@code firstKeys[i + 1]}, whose records start in shard {@code shards[i]}. Needles are
 * appended to a volume about in the order the master hands out their keys, so a volume has about as many
 * runs as its data blocks, whatever its needle count. {@link #UNKNOWN} marks a run whose shard is not
 * given (the map was cut short): any holder can serve those. The map is exact only for keys the volume
 * holds; for any other key it names some shard. Immutable and thread-safe.
 */
public final class NeedleShardMap {
    /** The shard of a run whose needles are spread over shards (a map cut short). */
    public static final int UNKNOWN = -1;

    private final long[] firstKeys;
    private final int[] shards;

    /**
     * @param firstKeys the first key of each run, strictly ascending as unsigned numbers
     * @param shards    the shard of each run, {@code 0..63} or {@link #UNKNOWN}
     * @throws HayloftException BAD_REQUEST when the arrays differ in length, the keys are not ascending or a
     *                          shard is out of range
     */
    public NeedleShardMap(long[] firstKeys, int[] shards) {
        HayloftException.checkArgument(firstKeys.length == shards.length, "one shard per run, got "
                + firstKeys.length + " keys and " + shards.length + " shards");
        for (int i = 0; i < firstKeys.length; i++) {
            HayloftException.checkArgument(i == 0 || Long.compareUnsigned(firstKeys[i - 1], firstKeys[i]) < 0,
                    "run keys must ascend, run " + i + " does not");
            HayloftException.checkArgument(shards[i] >= UNKNOWN && shards[i] < 64,
                    "run " + i + " names shard " + shards[i] + ", not 0..63");
        }
        this.firstKeys = firstKeys.clone();
        this.shards = shards.clone();
    }

    /**
     * Builds the map of needles whose keys ascend in {@code keys} and whose records start in {@code
     * shardOfNeedle[i]}, with at most {@code maxRuns} runs: past that, the rest is one {@link #UNKNOWN} run.
     */
    public static NeedleShardMap of(long[] keys, int[] shardOfNeedle, int maxRuns) {
        HayloftException.checkArgument(maxRuns >= 1, "at least one run");
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (!runs.isEmpty() && runs.getLast()[1] == shardOfNeedle[i]) {
                continue;
            }
            if (runs.size() == maxRuns - 1 && i > 0) {
                runs.add(new long[] {keys[i], UNKNOWN});
                break;
            }
            runs.add(new long[] {keys[i], shardOfNeedle[i]});
        }
        long[] first = new long[runs.size()];
        int[] shard = new int[runs.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = runs.get(i)[0];
            shard[i] = (int) runs.get(i)[1];
        }
        return new NeedleShardMap(first, shard);
    }

    /**
     * Parses a {@code GET /ec/shardmap} answer.
     *
     * @throws HayloftException BAD_REQUEST when it is malformed
     */
    public static NeedleShardMap fromWire(EcNeedleShards wire) {
        HayloftException.checkArgument(wire != null && wire.firstKeys() != null && wire.shards() != null,
                "a shard map needs firstKeys and shards");
        long[] first = new long[wire.firstKeys().size()];
        for (int i = 0; i < first.length; i++) {
            String hex = wire.firstKeys().get(i);
            HayloftException.checkArgument(hex != null && hex.matches("[0-9a-fA-F]{1,16}"),
                    "run key " + i + " is not 1 to 16 hex digits");
            first[i] = Long.parseUnsignedLong(hex, 16);
        }
        int[] shard = wire.shards().stream().mapToInt(s -> s == null ? Integer.MIN_VALUE : s).toArray();
        return new NeedleShardMap(first, shard);
    }

    /** This map as {@code GET /ec/shardmap} answers it for volume {@code volume}, generation 0. */
    public EcNeedleShards toWire(int volume) {
        return toWire(volume, 0);
    }

    /** This map as {@code GET /ec/shardmap} answers it for generation {@code generation} of volume {@code volume}. */
    public EcNeedleShards toWire(int volume, int generation) {
        List<String> keys = new ArrayList<>(firstKeys.length);
        for (long k : firstKeys) {
            keys.add(Long.toHexString(k));
        }
        return new EcNeedleShards(volume, keys, Arrays.stream(shards).boxed().toList(), generation);
    }

    /** The shard holding the start of the needle of {@code key}, or {@link #UNKNOWN}. O(log runs). */
    public int shardOf(long key) {
        int lo = 0;
        int hi = firstKeys.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(firstKeys[mid], key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? UNKNOWN : shards[found];
    }

    /** Runs in the map. */
    public int runs() {
        return firstKeys.length;
    }
}
