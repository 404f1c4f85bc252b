package io.hayloft.storage.ec;

/**
 * The portable kernel: one table lookup per byte and coefficient, in blocks that stay in the L1
 * cache. Thread-safe (the product rows are per call).
 */
final class ScalarKernel implements CodingKernel {
    /** Bytes of each input and output worked on at a time. */
    private static final int BLOCK = 4096;

    @Override
    public void combine(byte[][] coefficients, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset,
                        int length) {
        byte[][][] rows = new byte[outputs.length][inputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            for (int j = 0; j < inputs.length; j++) {
                rows[i][j] = GaloisField.productRow(coefficients[i][j], new byte[256]);
            }
        }
        for (int start = 0; start < length; start += BLOCK) {
            int end = Math.min(length, start + BLOCK);
            for (int i = 0; i < outputs.length; i++) {
                byte[] out = outputs[i];
                byte[] first = rows[i][0];
                byte[] in0 = inputs[0];
                for (int k = start; k < end; k++) {
                    out[outputOffset + k] = first[in0[inputOffset + k] & 0xff];
                }
                for (int j = 1; j < inputs.length; j++) {
                    byte[] row = rows[i][j];
                    byte[] in = inputs[j];
                    for (int k = start; k < end; k++) {
                        out[outputOffset + k] ^= row[in[inputOffset + k] & 0xff];
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
