package io.hayloft.storage.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A systematic Reed-Solomon erasure code over GF(2^8): {@code dataShards} shards of data and {@code
 * parityShards} of parity, any {@code dataShards} of which give back all of them. Hayloft's erasure-coded
 * volumes use RS(10,4) (f4's and SeaweedFS's choice): 1.4× the data on disk, any 4 shards may be lost.
 *
 * <p>The coding matrix is a {@code total × data} Vandermonde matrix multiplied by the inverse of its top
 * square, so its top is the identity (the data shards are the data, unchanged) and any {@code data} of
 * its rows stay independent. Shards are byte arrays of equal length; each call codes the range {@code
 * [offset, offset + length)} of every shard, so a reader can rebuild just the bytes a needle needs.
 *
 * <p>Thread-safe: the only state is the coding matrix and a cache of decoding matrices, one per set of
 * shards present.
 */
public final class ReedSolomon {
    /** At most this many shards in all: each needs a distinct element of GF(2^8). */
    public static final int MAX_SHARDS = 256;

    private final int dataShards;
    private final int parityShards;
    private final Matrix coding;
    private final byte[][] parityRows;
    private final CodingKernel kernel;
    private final Map<Long, byte[][]> decoders = new ConcurrentHashMap<>();

    /** A code with the fastest kernel this JVM offers ({@link #kernelName()}). */
    public ReedSolomon(int dataShards, int parityShards) {
        this(dataShards, parityShards, bestKernel());
    }

    ReedSolomon(int dataShards, int parityShards, CodingKernel kernel) {
        HayloftException.checkArgument(dataShards >= 1 && parityShards >= 1,
                "an erasure code needs at least one data and one parity shard, not " + dataShards + "+" + parityShards);
        HayloftException.checkArgument(dataShards + parityShards <= Math.min(MAX_SHARDS, 64),
                "at most 64 shards in all, not " + (dataShards + parityShards));
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        Matrix vandermonde = Matrix.vandermonde(dataShards + parityShards, dataShards);
        this.coding = vandermonde.times(vandermonde.rows(0, dataShards).inverse());
        this.parityRows = new byte[parityShards][];
        for (int p = 0; p < parityShards; p++) {
            parityRows[p] = coding.row(dataShards + p);
        }
        this.kernel = kernel;
    }

    /** RS(10,4), the code of Hayloft's erasure-coded volumes. */
    public static ReedSolomon rs10x4() {
        return new ReedSolomon(10, 4);
    }

    public int dataShards() {
        return dataShards;
    }

    public int parityShards() {
        return parityShards;
    }

    public int totalShards() {
        return dataShards + parityShards;
    }

    /** The kernel in use: {@code vector-<bits>} with the Vector API, else {@code scalar}. */
    public String kernelName() {
        return kernel.name();
    }

    /**
     * Computes the parity shards from the data shards over {@code [offset, offset + length)}.
     *
     * @param shards {@link #totalShards()} arrays: the data shards first, then the parity shards to fill
     * @throws HayloftException BAD_REQUEST for the wrong number of shards or a range outside one
     */
    public void encode(byte[][] shards, int offset, int length) {
        checkShards(shards, offset, length, null);
        byte[][] data = new byte[dataShards][];
        System.arraycopy(shards, 0, data, 0, dataShards);
        byte[][] parity = new byte[parityShards][];
        System.arraycopy(shards, dataShards, parity, 0, parityShards);
        kernel.combine(parityRows, data, offset, parity, offset, length);
    }

    /**
     * Whether the parity shards match the data shards over the range (a scrub's check).
     *
     * @throws HayloftException BAD_REQUEST as {@link #encode}
     */
    public boolean verify(byte[][] shards, int offset, int length) {
        checkShards(shards, offset, length, null);
        byte[][] data = new byte[dataShards][];
        System.arraycopy(shards, 0, data, 0, dataShards);
        byte[][] expected = new byte[parityShards][length];
        kernel.combine(parityRows, data, offset, expected, 0, length);
        for (int p = 0; p < parityShards; p++) {
            if (!java.util.Arrays.equals(expected[p], 0, length, shards[dataShards + p], offset, offset + length)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rebuilds the missing shards over the range from any {@link #dataShards()} present ones, in place:
     * afterwards every shard holds its bytes there. Present shards are not modified.
     *
     * @param shards  {@link #totalShards()} arrays, each at least {@code offset + length} long (the
     *                missing ones are written)
     * @param present which shards hold their bytes
     * @throws HayloftException CORRUPT when fewer than {@link #dataShards()} shards are present (the range
     *                          is lost); BAD_REQUEST for malformed arguments
     */
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        checkShards(shards, offset, length, present);
        long mask = 0;
        int have = 0;
        for (int i = 0; i < totalShards(); i++) {
            if (present[i]) {
                mask |= 1L << i;
                have++;
            }
        }
        if (have < dataShards) {
            throw new HayloftException(ErrorCode.CORRUPT, "only " + have + " of " + totalShards()
                    + " shards are left; " + dataShards + " are needed to rebuild the rest");
        }
        if (have == totalShards()) {
            return;
        }
        int[] sources = new int[dataShards];
        for (int i = 0, n = 0; n < dataShards; i++) {
            if (present[i]) {
                sources[n++] = i;
            }
        }
        long chosen = 0;
        for (int s : sources) {
            chosen |= 1L << s;
        }
        byte[][] inputs = new byte[dataShards][];
        for (int n = 0; n < dataShards; n++) {
            inputs[n] = shards[sources[n]];
        }
        int missingData = 0;
        for (int i = 0; i < dataShards; i++) {
            missingData += present[i] ? 0 : 1;
        }
        if (missingData > 0) {
            byte[][] decoder = decoders.computeIfAbsent(chosen,
                    k -> rowsOf(coding.select(sources).inverse()));
            byte[][] rows = new byte[missingData][];
            byte[][] outputs = new byte[missingData][];
            for (int i = 0, n = 0; i < dataShards; i++) {
                if (!present[i]) {
                    rows[n] = decoder[i];
                    outputs[n++] = shards[i];
                }
            }
            kernel.combine(rows, inputs, offset, outputs, offset, length);
        }
        int missingParity = totalShards() - have - missingData;
        if (missingParity > 0) {
            byte[][] data = new byte[dataShards][];
            System.arraycopy(shards, 0, data, 0, dataShards);
            byte[][] rows = new byte[missingParity][];
            byte[][] outputs = new byte[missingParity][];
            for (int p = 0, n = 0; p < parityShards; p++) {
                if (!present[dataShards + p]) {
                    rows[n] = parityRows[p];
                    outputs[n++] = shards[dataShards + p];
                }
            }
            kernel.combine(rows, data, offset, outputs, offset, length);
        }
    }

    /**
     * Rebuilds only the shards {@code wanted} over the range, each in one pass over {@link #dataShards()} present
     * ones (a lost parity shard straight from them, not after the lost data shards): a rebuild of one shard
     * costs one output, whichever shards are missing. Present shards and unwanted missing ones are not modified.
     *
     * @param wanted which shards to write; each must not be present
     * @throws HayloftException CORRUPT when fewer than {@link #dataShards()} shards are present; BAD_REQUEST for
     *                          malformed arguments (a wanted shard present among them)
     */
    public void reconstructSome(byte[][] shards, boolean[] present, boolean[] wanted, int offset, int length) {
        checkShards(shards, offset, length, present);
        HayloftException.checkArgument(wanted != null && wanted.length == totalShards(),
                "expected " + totalShards() + " wanted flags");
        int[] sources = new int[dataShards];
        int have = 0;
        for (int i = 0; i < totalShards() && have < dataShards; i++) {
            if (present[i]) {
                sources[have++] = i;
            }
        }
        if (have < dataShards) {
            throw new HayloftException(ErrorCode.CORRUPT, "only " + have + " of " + totalShards()
                    + " shards are left; " + dataShards + " are needed to rebuild the rest");
        }
        long chosen = 0;
        for (int s : sources) {
            chosen |= 1L << s;
        }
        byte[][] decoder = decoders.computeIfAbsent(chosen, k -> rowsOf(coding.select(sources).inverse()));
        List<byte[]> rows = new ArrayList<>();
        List<byte[]> outputs = new ArrayList<>();
        for (int w = 0; w < totalShards(); w++) {
            if (!wanted[w]) {
                continue;
            }
            HayloftException.checkArgument(!present[w], "shard " + w + " is present: nothing to rebuild");
            byte[] row = new byte[dataShards]; // shard w = coding row w × decoder, over the chosen sources
            for (int j = 0; j < dataShards; j++) {
                int sum = 0;
                for (int k = 0; k < dataShards; k++) {
                    sum ^= GaloisField.multiply(coding.get(w, k), decoder[k][j] & 0xff);
                }
                row[j] = (byte) sum;
            }
            rows.add(row);
            outputs.add(shards[w]);
        }
        if (rows.isEmpty()) {
            return;
        }
        byte[][] inputs = new byte[dataShards][];
        for (int n = 0; n < dataShards; n++) {
            inputs[n] = shards[sources[n]];
        }
        kernel.combine(rows.toArray(byte[][]::new), inputs, offset, outputs.toArray(byte[][]::new), offset, length);
    }

    private static byte[][] rowsOf(Matrix m) {
        byte[][] rows = new byte[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            rows[i] = m.row(i);
        }
        return rows;
    }

    private void checkShards(byte[][] shards, int offset, int length, boolean[] present) {
        HayloftException.checkArgument(shards != null && shards.length == totalShards(),
                "expected " + totalShards() + " shards");
        HayloftException.checkArgument(present == null || present.length == totalShards(),
                "expected " + totalShards() + " presence flags");
        HayloftException.checkArgument(offset >= 0 && length >= 0, "offset and length must not be negative");
        for (int i = 0; i < shards.length; i++) {
            HayloftException.checkArgument(shards[i] != null && shards[i].length - offset >= length,
                    "shard " + i + " does not hold bytes " + offset + ".." + ((long) offset + length));
        }
    }

    /** The Vector API kernel when the JVM resolves {@code jdk.incubator.vector} and wide vectors, else scalar. */
    static CodingKernel bestKernel() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                if (VectorKernel.usable()) {
                    return new VectorKernel();
                }
            } catch (LinkageError e) {
                // the module resolved but cannot be used here: the scalar kernel gives the same bytes
            }
        }
        return new ScalarKernel();
    }
}
