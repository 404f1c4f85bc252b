package io.hayloft.storage.ec;

import java.util.Arrays;

/**
 * A small matrix over GF(2^8): the coding matrix of a Reed-Solomon code and the inverses a
 * reconstruction needs. Immutable.
 */
final class Matrix {
    private final byte[][] rows;

    private Matrix(byte[][] rows) {
        this.rows = rows;
    }

    /** The {@code n × n} identity. */
    static Matrix identity(int n) {
        byte[][] r = new byte[n][n];
        for (int i = 0; i < n; i++) {
            r[i][i] = 1;
        }
        return new Matrix(r);
    }

    /**
     * The {@code rows × columns} Vandermonde matrix, row {@code r} being {@code r^0, r^1, …}: any
     * {@code columns} of its rows are linearly independent (the rows' bases are distinct).
     */
    static Matrix vandermonde(int rows, int columns) {
        byte[][] r = new byte[rows][columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                r[i][j] = (byte) GaloisField.power(i, j);
            }
        }
        return new Matrix(r);
    }

    int rows() {
        return rows.length;
    }

    int columns() {
        return rows[0].length;
    }

    int get(int row, int column) {
        return rows[row][column] & 0xff;
    }

    /** A copy of row {@code r}. */
    byte[] row(int r) {
        return rows[r].clone();
    }

    /** {@code this × other}. */
    Matrix times(Matrix other) {
        if (columns() != other.rows()) {
            throw new IllegalArgumentException("cannot multiply " + rows() + "×" + columns() + " by "
                    + other.rows() + "×" + other.columns());
        }
        byte[][] r = new byte[rows()][other.columns()];
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < other.columns(); j++) {
                int sum = 0;
                for (int k = 0; k < columns(); k++) {
                    sum ^= GaloisField.multiply(get(i, k), other.get(k, j));
                }
                r[i][j] = (byte) sum;
            }
        }
        return new Matrix(r);
    }

    /** The rows {@code from} (inclusive) to {@code to} (exclusive). */
    Matrix rows(int from, int to) {
        return new Matrix(Arrays.stream(rows, from, to).map(byte[]::clone).toArray(byte[][]::new));
    }

    /** The rows with these indices, in this order. */
    Matrix select(int[] indices) {
        byte[][] r = new byte[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            r[i] = rows[indices[i]].clone();
        }
        return new Matrix(r);
    }

    /**
     * The inverse, by Gauss-Jordan elimination.
     *
     * @throws IllegalArgumentException when the matrix is not square or is singular
     */
    Matrix inverse() {
        int n = rows();
        if (n != columns()) {
            throw new IllegalArgumentException("only a square matrix has an inverse, not " + n + "×" + columns());
        }
        byte[][] a = new byte[n][];
        byte[][] inv = identity(n).rows;
        for (int i = 0; i < n; i++) {
            a[i] = rows[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && a[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new IllegalArgumentException("the matrix is singular");
            }
            swap(a, col, pivot);
            swap(inv, col, pivot);
            int scale = GaloisField.inverse(a[col][col] & 0xff);
            scaleRow(a[col], scale);
            scaleRow(inv[col], scale);
            for (int r = 0; r < n; r++) {
                int factor = a[r][col] & 0xff;
                if (r != col && factor != 0) {
                    subtractScaled(a[r], a[col], factor);
                    subtractScaled(inv[r], inv[col], factor);
                }
            }
        }
        return new Matrix(inv);
    }

    private static void swap(byte[][] m, int i, int j) {
        byte[] t = m[i];
        m[i] = m[j];
        m[j] = t;
    }

    private static void scaleRow(byte[] row, int factor) {
        for (int i = 0; i < row.length; i++) {
            row[i] = (byte) GaloisField.multiply(row[i], factor);
        }
    }

    private static void subtractScaled(byte[] target, byte[] source, int factor) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= (byte) GaloisField.multiply(source[i], factor);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && Arrays.deepEquals(rows, m.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rows);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(rows);
    }
}
