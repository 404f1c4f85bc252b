package io.hayloft.storage.ec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: multiplies a whole vector of bytes by a constant with two 16-entry table
 * lookups, one per nibble ({@code c × b = c × (b & 15) ⊕ c × (b & 0xf0)}), the method of ISA-L and
 * of klauspost's Go code ({@code PSHUFB}); the tail that does not fill a vector goes byte by byte.
 *
 * <p>Outputs are computed up to four at a time: each input vector is loaded and split into its nibbles once
 * for all of them, and their sums stay in registers (locals, never arrays of vectors, which the JIT would box).
 *
 * <p>Loaded only when the JVM resolves the incubating {@code jdk.incubator.vector} module ({@link
 * ReedSolomon#bestKernel()} checks first). Thread-safe.
 */
final class VectorKernel implements CodingKernel {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int GROUP = 4;

    /** Whether the preferred vectors hold a whole 16-entry table (at least 128 bits). */
    static boolean usable() {
        return SPECIES.length() >= 16;
    }

    @Override
    public void combine(byte[][] coefficients, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset,
                        int length) {
        int lanes = SPECIES.length();
        int vectorEnd = length - length % lanes;
        for (int first = 0; first < outputs.length; ) {
            int n = Math.min(GROUP, outputs.length - first);
            // tables[o][2j] low-nibble products of coefficient (first + o, j), tables[o][2j + 1] high
            byte[][][] tables = new byte[n][2 * inputs.length][];
            for (int o = 0; o < n; o++) {
                for (int j = 0; j < inputs.length; j++) {
                    int c = coefficients[first + o][j] & 0xff;
                    tables[o][2 * j] = spread(GaloisField.lowNibbleProducts(c), lanes);
                    tables[o][2 * j + 1] = spread(GaloisField.highNibbleProducts(c), lanes);
                }
            }
            byte[][] out = java.util.Arrays.copyOfRange(outputs, first, first + n);
            switch (n) {
                case 1 -> one(tables, inputs, inputOffset, out[0], outputOffset, vectorEnd);
                case 2 -> two(tables, inputs, inputOffset, out[0], out[1], outputOffset, vectorEnd);
                case 3 -> three(tables, inputs, inputOffset, out, outputOffset, vectorEnd);
                default -> four(tables, inputs, inputOffset, out, outputOffset, vectorEnd);
            }
            for (int o = 0; o < n; o++) {
                tail(coefficients[first + o], inputs, inputOffset + vectorEnd, outputs[first + o],
                        outputOffset + vectorEnd, length - vectorEnd);
            }
            first += n;
        }
    }

    // One loop per group width, each with its sums in locals and no branch inside: a sum updated on some paths
    // only would make the JIT box vectors (an allocation per vector).

    private static void one(byte[][][] tables, byte[][] inputs, int inputOffset, byte[] out0, int outputOffset,
                            int vectorEnd) {
        for (int k = 0; k < vectorEnd; k += SPECIES.length()) {
            ByteVector s0 = ByteVector.zero(SPECIES);
            for (int j = 0; j < inputs.length; j++) {
                ByteVector b = ByteVector.fromArray(SPECIES, inputs[j], inputOffset + k);
                ByteVector lo = b.and((byte) 0x0f);
                ByteVector hi = highNibbles(b);
                s0 = s0.lanewise(VectorOperators.XOR, product(lo, hi, tables[0], j));
            }
            s0.intoArray(out0, outputOffset + k);
        }
    }

    private static void two(byte[][][] tables, byte[][] inputs, int inputOffset, byte[] out0, byte[] out1,
                            int outputOffset, int vectorEnd) {
        for (int k = 0; k < vectorEnd; k += SPECIES.length()) {
            ByteVector s0 = ByteVector.zero(SPECIES);
            ByteVector s1 = s0;
            for (int j = 0; j < inputs.length; j++) {
                ByteVector b = ByteVector.fromArray(SPECIES, inputs[j], inputOffset + k);
                ByteVector lo = b.and((byte) 0x0f);
                ByteVector hi = highNibbles(b);
                s0 = s0.lanewise(VectorOperators.XOR, product(lo, hi, tables[0], j));
                s1 = s1.lanewise(VectorOperators.XOR, product(lo, hi, tables[1], j));
            }
            s0.intoArray(out0, outputOffset + k);
            s1.intoArray(out1, outputOffset + k);
        }
    }

    private static void three(byte[][][] tables, byte[][] inputs, int inputOffset, byte[][] out, int outputOffset,
                              int vectorEnd) {
        byte[] out0 = out[0];
        byte[] out1 = out[1];
        byte[] out2 = out[2];
        for (int k = 0; k < vectorEnd; k += SPECIES.length()) {
            ByteVector s0 = ByteVector.zero(SPECIES);
            ByteVector s1 = s0;
            ByteVector s2 = s0;
            for (int j = 0; j < inputs.length; j++) {
                ByteVector b = ByteVector.fromArray(SPECIES, inputs[j], inputOffset + k);
                ByteVector lo = b.and((byte) 0x0f);
                ByteVector hi = highNibbles(b);
                s0 = s0.lanewise(VectorOperators.XOR, product(lo, hi, tables[0], j));
                s1 = s1.lanewise(VectorOperators.XOR, product(lo, hi, tables[1], j));
                s2 = s2.lanewise(VectorOperators.XOR, product(lo, hi, tables[2], j));
            }
            s0.intoArray(out0, outputOffset + k);
            s1.intoArray(out1, outputOffset + k);
            s2.intoArray(out2, outputOffset + k);
        }
    }

    private static void four(byte[][][] tables, byte[][] inputs, int inputOffset, byte[][] out, int outputOffset,
                             int vectorEnd) {
        byte[] out0 = out[0];
        byte[] out1 = out[1];
        byte[] out2 = out[2];
        byte[] out3 = out[3];
        for (int k = 0; k < vectorEnd; k += SPECIES.length()) {
            ByteVector s0 = ByteVector.zero(SPECIES);
            ByteVector s1 = s0;
            ByteVector s2 = s0;
            ByteVector s3 = s0;
            for (int j = 0; j < inputs.length; j++) {
                ByteVector b = ByteVector.fromArray(SPECIES, inputs[j], inputOffset + k);
                ByteVector lo = b.and((byte) 0x0f);
                ByteVector hi = highNibbles(b);
                s0 = s0.lanewise(VectorOperators.XOR, product(lo, hi, tables[0], j));
                s1 = s1.lanewise(VectorOperators.XOR, product(lo, hi, tables[1], j));
                s2 = s2.lanewise(VectorOperators.XOR, product(lo, hi, tables[2], j));
                s3 = s3.lanewise(VectorOperators.XOR, product(lo, hi, tables[3], j));
            }
            s0.intoArray(out0, outputOffset + k);
            s1.intoArray(out1, outputOffset + k);
            s2.intoArray(out2, outputOffset + k);
            s3.intoArray(out3, outputOffset + k);
        }
    }

    /** Each byte's high nibble, shifted as 16-bit lanes (bytes have no shift on x86) and masked. */
    private static ByteVector highNibbles(ByteVector b) {
        return b.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0f);
    }

    private static ByteVector product(ByteVector lowNibbles, ByteVector highNibbles, byte[][] tables, int input) {
        ByteVector low = ByteVector.fromArray(SPECIES, tables[2 * input], 0);
        ByteVector high = ByteVector.fromArray(SPECIES, tables[2 * input + 1], 0);
        return lowNibbles.selectFrom(low).lanewise(VectorOperators.XOR, highNibbles.selectFrom(high));
    }

    /** The bytes past the last whole vector, one table lookup per byte and input. */
    private static void tail(byte[] coefficients, byte[][] inputs, int inputOffset, byte[] output, int outputOffset,
                             int length) {
        if (length == 0) {
            return;
        }
        byte[][] rows = new byte[inputs.length][];
        for (int j = 0; j < inputs.length; j++) {
            rows[j] = GaloisField.productRow(coefficients[j] & 0xff, new byte[256]);
        }
        for (int k = 0; k < length; k++) {
            int sum = 0;
            for (int j = 0; j < inputs.length; j++) {
                sum ^= rows[j][inputs[j][inputOffset + k] & 0xff];
            }
            output[outputOffset + k] = (byte) sum;
        }
    }

    /** The 16-entry table repeated across every lane of a vector (lookups index lanes 0-15 only). */
    private static byte[] spread(byte[] sixteen, int lanes) {
        byte[] t = new byte[lanes];
        for (int i = 0; i < lanes; i++) {
            t[i] = sixteen[i % 16];
        }
        return t;
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
