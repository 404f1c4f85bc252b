package io.hayloft.storage.ec;

/**
 * Arithmetic in GF(2^8), the field Reed-Solomon codes work in: bytes added with XOR and multiplied
 * modulo the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 ({@code 0x11d}), whose root 2 generates
 * every non-zero element. The same field as Backblaze's, ISA-L's and SeaweedFS's (klauspost) codes.
 *
 * <p>Multiplication goes through a full 256 × 256 product table (64 KiB, built once from log and exp
 * tables), the fastest scalar form; {@link #lowNibbleProducts} and {@link #highNibbleProducts} give
 * the 16-entry tables a vector kernel looks bytes up in. Stateless and thread-safe.
 */
public final class GaloisField {
    /** The primitive polynomial, with its x^8 term. */
    public static final int POLYNOMIAL = 0x11d;

    private static final byte[] EXP = new byte[512];
    private static final int[] LOG = new int[256];
    private static final byte[] PRODUCTS = new byte[256 * 256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            EXP[i + 255] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        EXP[510] = EXP[0];
        EXP[511] = EXP[1];
        for (int a = 1; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                PRODUCTS[a << 8 | b] = EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private GaloisField() {
    }

    /** {@code a + b} (and {@code a - b}: the field has characteristic 2). */
    public static int add(int a, int b) {
        return (a ^ b) & 0xff;
    }

    /** {@code a × b}. */
    public static int multiply(int a, int b) {
        return PRODUCTS[(a & 0xff) << 8 | (b & 0xff)] & 0xff;
    }

    /**
     * {@code a / b}.
     *
     * @throws ArithmeticException when {@code b} is 0
     */
    public static int divide(int a, int b) {
        if ((b & 0xff) == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        if ((a & 0xff) == 0) {
            return 0;
        }
        return EXP[LOG[a & 0xff] - LOG[b & 0xff] + 255] & 0xff;
    }

    /** The multiplicative inverse of {@code a}, which must not be 0. */
    public static int inverse(int a) {
        return divide(1, a);
    }

    /** {@code a} to the power {@code n} ({@code n >= 0}; 0^0 is 1). */
    public static int power(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if ((a & 0xff) == 0) {
            return 0;
        }
        return EXP[(int) ((long) LOG[a & 0xff] * n % 255)] & 0xff;
    }

    /**
     * The 256 products {@code c × b} for every byte {@code b}, indexed by {@code b}: the row of the
     * product table a scalar kernel looks bytes up in. The caller must not modify it.
     */
    static byte[] productRow(int c, byte[] into) {
        System.arraycopy(PRODUCTS, (c & 0xff) << 8, into, 0, 256);
        return into;
    }

    /** {@code c × n} for the 16 values {@code n} of a byte's low nibble. */
    public static byte[] lowNibbleProducts(int c) {
        byte[] t = new byte[16];
        for (int n = 0; n < 16; n++) {
            t[n] = (byte) multiply(c, n);
        }
        return t;
    }

    /** {@code c × (n << 4)} for the 16 values {@code n} of a byte's high nibble. */
    public static byte[] highNibbleProducts(int c) {
        byte[] t = new byte[16];
        for (int n = 0; n < 16; n++) {
            t[n] = (byte) multiply(c, n << 4);
        }
        return t;
    }
}
