package io.hayloft.storage.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GaloisFieldTest {
    /** Carry-less multiplication reduced by the polynomial, bit by bit: the definition the tables must match. */
    private static int slowMultiply(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if ((b >> i & 1) != 0) {
                product ^= a << i;
            }
        }
        for (int bit = 15; bit >= 8; bit--) {
            if ((product >> bit & 1) != 0) {
                product ^= GaloisField.POLYNOMIAL << (bit - 8);
            }
        }
        return product;
    }

    @Test
    void everyProductMatchesCarryLessMultiplicationModuloThePolynomial() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertThat(GaloisField.multiply(a, b)).as("%d × %d", a, b).isEqualTo(slowMultiply(a, b));
            }
        }
    }

    @Test
    void twoGeneratesEveryNonZeroElement() {
        Set<Integer> seen = new HashSet<>();
        for (int n = 0; n < 255; n++) {
            seen.add(GaloisField.power(2, n));
        }
        assertThat(seen).hasSize(255).doesNotContain(0);
        assertThat(GaloisField.power(2, 255)).isEqualTo(1);
    }

    @Test
    void divisionUndoesMultiplicationAndEveryNonZeroElementHasAnInverse() {
        for (int a = 0; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                assertThat(GaloisField.divide(GaloisField.multiply(a, b), b)).isEqualTo(a);
            }
            if (a != 0) {
                assertThat(GaloisField.multiply(a, GaloisField.inverse(a))).isEqualTo(1);
            }
        }
        assertThatThrownBy(() -> GaloisField.divide(5, 0)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void multiplicationDistributesOverAddition() {
        for (int a = 0; a < 256; a += 7) {
            for (int b = 0; b < 256; b += 3) {
                for (int c = 0; c < 256; c += 5) {
                    assertThat(GaloisField.multiply(a, GaloisField.add(b, c)))
                            .isEqualTo(GaloisField.add(GaloisField.multiply(a, b), GaloisField.multiply(a, c)));
                }
            }
        }
    }

    @Test
    void nibbleTablesAddUpToTheProduct() {
        for (int c = 0; c < 256; c++) {
            byte[] low = GaloisField.lowNibbleProducts(c);
            byte[] high = GaloisField.highNibbleProducts(c);
            for (int b = 0; b < 256; b++) {
                assertThat((low[b & 15] ^ high[b >> 4]) & 0xff).isEqualTo(GaloisField.multiply(c, b));
            }
        }
    }
}
