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
 * while at least a whole large row of data is left, then small rows ({@code smallBlock}) for the tail, the
 * last one padded with zeros; SeaweedFS cuts its volumes the same way. Large blocks keep a needle in one
 * shard (one disk read); small rows keep the padding small. Every shard has the same length, {@link
 * #shardSize()}, and the parity shards follow the same layout. Immutable.
 *
 * <p>The small block is fitted to the volume ({@link #fitted}): with a large row, 1 MiB (the tail's
 * padding, under 10 MiB, is under 0.1 % of the 10 GiB before it); without one (a volume under 10 GiB),
 * the tail is cut into as many rows as 1 MiB blocks would need, each block the tail's share rounded up to
 * 8 bytes, so the padding is under 80 bytes a row instead of up to 10 MiB: a 6 MiB volume is one row of
 * 629,152-byte blocks. The fitted block is at least {@link #MIN_FITTED_BLOCK} (so a volume under 640 KiB
 * is padded to that), which keeps a small needle in one shard. A small block divides the large block when
 * the volume has a large row.
 *
 * @param dataShards  data shards per row
 * @param largeBlock  bytes per shard in a large row, a multiple of {@code smallBlock}
 * @param smallBlock  bytes per shard in a small row
 * @param datSize     bytes in the {@code .dat} coded
 */
public record EcLayout(int dataShards, long largeBlock, int smallBlock, long datSize) {
    /** The default large block: 1 GiB per shard. */
    public static final long LARGE_BLOCK = 1L << 30;
    /** The default small block: 1 MiB per shard, the largest a fitted one is. */
    public static final int SMALL_BLOCK = 1 << 20;
    /**
     * The smallest fitted small block, 64 KiB: smaller would cut a small needle over several shards (more
     * than one read); a volume under 640 KiB is padded to 640 KiB of data shards instead.
     */
    public static final int MIN_FITTED_BLOCK = 64 << 10;

    public EcLayout {
        HayloftException.checkArgument(dataShards >= 1, "at least one data shard");
        HayloftException.checkArgument(smallBlock >= 8 && largeBlock >= smallBlock, "the large block ("
                + largeBlock + ") must be at least the small block (" + smallBlock + "), itself at least 8 bytes");
        HayloftException.checkArgument(datSize >= 0, "a volume has a non-negative size");
        HayloftException.checkArgument(datSize / (largeBlock * dataShards) == 0 || largeBlock % smallBlock == 0,
                "with a large row, the large block (" + largeBlock + ") must be a multiple of the small block ("
                        + smallBlock + ")");
    }

    /**
     * The layout of a {@code datSize}-byte volume with large blocks of {@code largeBlock} and small blocks of
     * at most {@code maxSmallBlock} (a multiple of 8 dividing {@code largeBlock}), the small block fitted to
     * the tail so its padding is small (see the class comment).
     */
    public static EcLayout fitted(int dataShards, long largeBlock, int maxSmallBlock, long datSize) {
        HayloftException.checkArgument(dataShards >= 1 && datSize >= 0, "at least one data shard and a size");
        if (datSize / (largeBlock * dataShards) > 0) {
            return new EcLayout(dataShards, largeBlock, maxSmallBlock, datSize);
        }
        long row = (long) maxSmallBlock * dataShards;
        long rows = Math.max(1, (datSize + row - 1) / row);
        long share = (datSize + rows * dataShards - 1) / (rows * dataShards);
        long small = Math.max(Math.min(MIN_FITTED_BLOCK, maxSmallBlock), (share + 7) / 8 * 8);
        return new EcLayout(dataShards, largeBlock, (int) Math.min(small, maxSmallBlock), datSize);
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
        checkInside(datOffset, length);
        List<ShardRange> ranges = new ArrayList<>();
        long x = datOffset;
        long end = datOffset + length;
        while (x < end) {
            ShardRange r = rangeAt(x, end);
            ranges.add(r);
            x += r.length();
        }
        return ranges;
    }

    /**
     * The one shard piece holding {@code .dat} bytes {@code [datOffset, datOffset + length)} when they lie in a
     * single block (a small needle's normal case: no list built), else null ({@link #locate} then).
     *
     * @throws HayloftException BAD_REQUEST for a range outside the {@code .dat}
     */
    public ShardRange locateWithinBlock(long datOffset, int length) {
        checkInside(datOffset, length);
        if (length == 0) {
            return null;
        }
        ShardRange r = rangeAt(datOffset, datOffset + length);
        return r.length() == length ? r : null;
    }

    private void checkInside(long datOffset, long length) {
        HayloftException.checkArgument(datOffset >= 0 && length >= 0 && datOffset + length <= datSize,
                "bytes " + datOffset + "+" + length + " lie outside the " + datSize + "-byte volume");
    }

    /** The shard piece holding data byte {@code x} and as many of the bytes up to {@code end} as its block does. */
    private ShardRange rangeAt(long x, long end) {
        long largeData = largeRows() * largeBlock * dataShards;
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
        return new ShardRange(shard, rowStartShard + inBlock, n);
    }
}
