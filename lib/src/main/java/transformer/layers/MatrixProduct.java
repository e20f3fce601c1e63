package transformer.layers;

import org.ejml.data.DMatrixRMaj;

/**
 * The matrix products behind every layer (C = A·B and the transposed forms a backward pass needs),
 * written so that Java's compiler turns the inner loop into vector instructions: each row of C is
 * built as a sum of rows of B, c_i = Σ_k a_ik·b_k, four k at a time, in a scratch row, with every
 * row of B in an array of its own. For the kit's shapes this runs about three times as fast as a
 * plain row-by-row loop, on one thread.
 *
 * <p>Every entry is summed over k in the same order, with the same separate multiply and add, as
 * {@code CommonOps_DDRM.mult}, {@code multAddTransA} and {@code multTransB}: into a zeroed result
 * (a forward output, a freshly zeroed gradient) the numbers are bit for bit EJML's, so a seeded
 * training run does not change with the kernel. Learners never need this class: it sits inside
 * {@link Linear}.
 */
public final class MatrixProduct {

    private MatrixProduct() {
    }

    /** c = a·b. */
    public static void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiply", a.numRows, a.numCols, b.numRows, b.numCols, c);
        java.util.Arrays.fill(c.data, 0, c.getNumElements(), 0.0);
        addProduct(a.data, a.numCols, 1, a.numRows, a.numCols, rowsOf(b), c.data);
    }

    /** c += a·b. */
    public static void multiplyAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyAdd", a.numRows, a.numCols, b.numRows, b.numCols, c);
        addProduct(a.data, a.numCols, 1, a.numRows, a.numCols, rowsOf(b), c.data);
    }

    /** c += aᵀ·b (the weight gradient Xᵀ·dY of a linear layer). */
    public static void multiplyTransposeAAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyTransposeAAdd", a.numCols, a.numRows, b.numRows, b.numCols, c);
        // (aᵀ)_ik = a_ki: row i of aᵀ is read down column i of a
        addProduct(a.data, 1, a.numCols, a.numCols, a.numRows, rowsOf(b), c.data);
    }

    /** c = a·bᵀ (the input gradient dY·Wᵀ of a linear layer). */
    public static void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyTransposeB", a.numRows, a.numCols, b.numCols, b.numRows, c);
        java.util.Arrays.fill(c.data, 0, c.getNumElements(), 0.0);
        addProduct(a.data, a.numCols, 1, a.numRows, a.numCols, columnsOf(b), c.data);
    }

    /** c += a·bᵀ. */
    public static void multiplyTransposeBAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyTransposeBAdd", a.numRows, a.numCols, b.numCols, b.numRows, c);
        addProduct(a.data, a.numCols, 1, a.numRows, a.numCols, columnsOf(b), c.data);
    }

    /**
     * C (n × p, row-major) += A·B, where A's entry (i, k) is {@code a[i·rowStep + k·columnStep]} and
     * B is given as its m rows of length p.
     */
    private static void addProduct(double[] a, int rowStep, int columnStep, int n, int m, double[][] b, double[] c) {
        int p = b.length == 0 ? 0 : b[0].length;
        // k runs in chunks whose rows of B fit together in a 32 KB first-level cache; each entry is
        // still summed in k order, since a chunk continues from the partial sums of the one before.
        int chunk = Math.max(4, (32 * 1024 / Double.BYTES / Math.max(p, 1)) & ~3);
        double[] row = new double[p];
        for (int kStart = 0; kStart < m; kStart += chunk) {
            int kEnd = Math.min(m, kStart + chunk);
            for (int i = 0; i < n; i++) {
                System.arraycopy(c, i * p, row, 0, p);
                int base = i * rowStep;
                int k = kStart;
                for (; k + 3 < kEnd; k += 4) { // four rows of B per pass over the scratch row
                    double x0 = a[base + k * columnStep];
                    double x1 = a[base + (k + 1) * columnStep];
                    double x2 = a[base + (k + 2) * columnStep];
                    double x3 = a[base + (k + 3) * columnStep];
                    double[] b0 = b[k];
                    double[] b1 = b[k + 1];
                    double[] b2 = b[k + 2];
                    double[] b3 = b[k + 3];
                    for (int j = 0; j < p; j++) {
                        row[j] = (((row[j] + x0 * b0[j]) + x1 * b1[j]) + x2 * b2[j]) + x3 * b3[j];
                    }
                }
                for (; k < kEnd; k++) {
                    double x = a[base + k * columnStep];
                    double[] bk = b[k];
                    for (int j = 0; j < p; j++) {
                        row[j] = row[j] + x * bk[j];
                    }
                }
                System.arraycopy(row, 0, c, i * p, p);
            }
        }
    }

    private static double[][] rowsOf(DMatrixRMaj m) {
        double[][] rows = new double[m.numRows][m.numCols];
        for (int r = 0; r < m.numRows; r++) {
            System.arraycopy(m.data, r * m.numCols, rows[r], 0, m.numCols);
        }
        return rows;
    }

    private static double[][] columnsOf(DMatrixRMaj m) {
        double[][] columns = new double[m.numCols][m.numRows];
        for (int r = 0; r < m.numRows; r++) {
            for (int col = 0; col < m.numCols; col++) {
                columns[col][r] = m.data[r * m.numCols + col];
            }
        }
        return columns;
    }

    private static void requireShapes(String op, int aRows, int aCols, int bRows, int bCols, DMatrixRMaj c) {
        if (aCols != bRows || c.numRows != aRows || c.numCols != bCols) {
            throw new IllegalArgumentException("MatrixProduct." + op + ": cannot form a " + aRows + "x" + aCols
                    + " times " + bRows + "x" + bCols + " product into a " + c.numRows + "x" + c.numCols
                    + " result; inner sizes must match and the result must be " + aRows + "x" + bCols);
        }
    }
}
