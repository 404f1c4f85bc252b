package io.hayloft.storage.ec;

/**
 * The inner loop of a Reed-Solomon code: each output is a GF(2^8) linear combination of the inputs,
 * byte position by byte position. Implementations differ only in speed; every one gives the same
 * bytes (tests compare them).
 */
interface CodingKernel {
    /**
     * For each output {@code i} and byte {@code k < length}:
     * {@code outputs[i][outputOffset + k] = Σ_j coefficients[i][j] × inputs[j][inputOffset + k]}.
     *
     * @param coefficients one row per output, one coefficient per input
     */
    void combine(byte[][] coefficients, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset,
                 int length);

    /** A short name for logs and benchmarks ({@code scalar}, {@code vector-256}). */
    String name();
}
