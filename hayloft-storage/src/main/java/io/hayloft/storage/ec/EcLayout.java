package io.hayloft.storage.ec;

import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each byte of a sealed volume's {@code .dat} lies in its erasure-coded shards.
 *
 * <p>The {@code .dat} is cut into rows; a row is one block of each data shard, side by side, so data
 * byte {@code x} of a row lies in data shard {@code x / block} at {@code x % block} within that shard's
 * block. First come large rows ({@code largeBlock} per shard, 1 GiB by default: 10 GiB of data a row)
 * while at least a whole large row of data is left, then small rows ({@code smallBlock}, 1 MiB: 10 MiB a
 * row) for the tail, the last one padded with zeros; SeaweedFS cuts its volumes the same way. Large
 * blocks keep a needle in one shard (one disk read); small rows keep the padding small. Every shard has
 * the same length, {@link #shardSize()}, and the parity shards follow the same layout. Immutable.
 *
 * @param dataShards  data shards per row
 * @param largeBlock  bytes per shard in a large row, a multiple of {@code smallBlock}
 * @param smallBlock  bytes per shard in a small row
 * @param datSize     bytes in the {@code .dat} coded
 */
public record EcLayout(int dataShards, long largeBlock, int smallBlock, long datSize) {
    /** The default large block: 1 GiB per shard. */
    public static final long LARGE_BLOCK = 1L << 30;
    /** The default small block: 1 MiB per shard. */
    public static final int SMALL_BLOCK = 1 << 20;

    public EcLayout {
        HayloftException.checkArgument(dataShards >= 1, "at least one data shard");
        HayloftException.checkArgument(smallBlock >= 8 && largeBlock >= smallBlock && largeBlock % smallBlock == 0,
                "the large block (" + largeBlock + ") must be a multiple of the small block (" + smallBlock + ")");
        HayloftException.checkArgument(datSize >= 0, "a volume has a non-negative size");
    }

    /** One contiguous piece of a shard. */
    public record ShardRange(int shard, long offset, int length) {
    }

    /** Rows of {@link #largeBlock()} per shard. */
    public long largeRows() {
        return datSize / (largeBlock * dataShards);
    }

    /** Rows of {@link #smallBlock()} per shard, after the large ones (the last one padded). */
    public long smallRows() {
        long rest = datSize - largeRows() * largeBlock * dataShards;
        long row = (long) smallBlock * dataShards;
        return (rest + row - 1) / row;
    }

    /** Bytes in each shard, data and parity alike. */
    public long shardSize() {
        return largeRows() * largeBlock + smallRows() * smallBlock;
    }

    /**
     * The shard pieces that hold {@code .dat} bytes {@code [datOffset, datOffset + length)}, in order.
     *
     * @throws HayloftException BAD_REQUEST for a range outside the {@code .dat}
     */
    public List<ShardRange> locate(long datOffset, long length) {
        HayloftException.checkArgument(datOffset >= 0 && length >= 0 && datOffset + length <= datSize,
                "bytes " + datOffset + "+" + length + " lie outside the " + datSize + "-byte volume");
        List<ShardRange> ranges = new ArrayList<>();
        long largeData = largeRows() * largeBlock * dataShards;
        long x = datOffset;
        long end = datOffset + length;
        while (x < end) {
            long block;
            long rowStartData;
            long rowStartShard;
            if (x < largeData) {
                block = largeBlock;
                long row = x / (largeBlock * dataShards);
                rowStartData = row * largeBlock * dataShards;
                rowStartShard = row * largeBlock;
            } else {
                block = smallBlock;
                long row = (x - largeData) / ((long) smallBlock * dataShards);
                rowStartData = largeData + row * smallBlock * dataShards;
                rowStartShard = largeRows() * largeBlock + row * smallBlock;
            }
            long within = x - rowStartData;
            int shard = (int) (within / block);
            long inBlock = within % block;
            int n = (int) Math.min(end - x, block - inBlock);
            ranges.add(new ShardRange(shard, rowStartShard + inBlock, n));
            x += n;
        }
        return ranges;
    }
}
