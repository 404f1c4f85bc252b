package io.hayloft.storage.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixTest {
    @Test
    void aMatrixTimesItsInverseIsTheIdentity() {
        Matrix v = Matrix.vandermonde(10, 10);
        assertThat(v.times(v.inverse())).isEqualTo(Matrix.identity(10));
        assertThat(v.inverse().times(v)).isEqualTo(Matrix.identity(10));
    }

    @Test
    void anySquareSelectionOfVandermondeRowsIsInvertible() {
        Matrix v = Matrix.vandermonde(14, 10);
        int[] rows = {0, 2, 3, 5, 7, 9, 10, 11, 12, 13};
        Matrix square = v.select(rows);
        assertThat(square.times(square.inverse())).isEqualTo(Matrix.identity(10));
    }

    @Test
    void aSingularMatrixIsRefused() {
        Matrix v = Matrix.vandermonde(3, 3);
        Matrix twice = v.select(new int[] {1, 1, 2});
        assertThatThrownBy(twice::inverse).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singular");
        assertThatThrownBy(() -> Matrix.vandermonde(3, 2).inverse()).isInstanceOf(IllegalArgumentException.class);
    }
}
