package io.hayloft.storage.ec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: multiplies a whole vector of bytes by a constant with two 16-entry table
 * lookups, one per nibble ({@code c × b = c × (b & 15) ⊕ c × (b & 0xf0)}), the method of ISA-L and
 * of klauspost's Go code ({@code PSHUFB}); the tail that does not fill a vector goes byte by byte.
 *
 * <p>Loaded only when the JVM resolves the incubating {@code jdk.incubator.vector} module ({@link
 * ReedSolomon#bestKernel()} checks first). Thread-safe.
 */
final class VectorKernel implements CodingKernel {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int BLOCK = 4096;

    /** Whether the preferred vectors hold a whole 16-entry table (at least 128 bits). */
    static boolean usable() {
        return SPECIES.length() >= 16;
    }

    @Override
    public void combine(byte[][] coefficients, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset,
                        int length) {
        int lanes = SPECIES.length();
        ByteVector[][] low = new ByteVector[outputs.length][inputs.length];
        ByteVector[][] high = new ByteVector[outputs.length][inputs.length];
        byte[][][] rows = new byte[outputs.length][inputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            for (int j = 0; j < inputs.length; j++) {
                int c = coefficients[i][j] & 0xff;
                low[i][j] = table(GaloisField.lowNibbleProducts(c), lanes);
                high[i][j] = table(GaloisField.highNibbleProducts(c), lanes);
                rows[i][j] = GaloisField.productRow(c, new byte[256]);
            }
        }
        int vectorEnd = length - length % lanes;
        for (int start = 0; start < vectorEnd; start += BLOCK) {
            int end = Math.min(vectorEnd, start + BLOCK);
            for (int i = 0; i < outputs.length; i++) {
                byte[] out = outputs[i];
                for (int k = start; k < end; k += lanes) {
                    ByteVector sum = product(inputs[0], inputOffset + k, low[i][0], high[i][0]);
                    for (int j = 1; j < inputs.length; j++) {
                        sum = sum.lanewise(VectorOperators.XOR, product(inputs[j], inputOffset + k, low[i][j], high[i][j]));
                    }
                    sum.intoArray(out, outputOffset + k);
                }
            }
        }
        for (int i = 0; i < outputs.length; i++) {
            for (int k = vectorEnd; k < length; k++) {
                int sum = 0;
                for (int j = 0; j < inputs.length; j++) {
                    sum ^= rows[i][j][inputs[j][inputOffset + k] & 0xff];
                }
                outputs[i][outputOffset + k] = (byte) sum;
            }
        }
    }

    private static ByteVector product(byte[] input, int offset, ByteVector low, ByteVector high) {
        ByteVector b = ByteVector.fromArray(SPECIES, input, offset);
        ByteVector lowNibbles = b.and((byte) 0x0f);
        ByteVector highNibbles = b.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0f);
        return lowNibbles.selectFrom(low).lanewise(VectorOperators.XOR, highNibbles.selectFrom(high));
    }

    /** The 16-entry table repeated across every lane of a vector (lookups index lanes 0-15 only). */
    private static ByteVector table(byte[] sixteen, int lanes) {
        byte[] t = new byte[lanes];
        for (int i = 0; i < lanes; i++) {
            t[i] = sixteen[i % 16];
        }
        return ByteVector.fromArray(SPECIES, t, 0);
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
