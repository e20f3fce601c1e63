package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import transformer.testing.Fixtures;

class MatrixProductTest {
    // sizes that are and are not multiples of the 4 x 4 tile
    // (the last one makes the kernel split k into chunks: 300 columns of B fill the cache in 12 rows)
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 2}, {4, 4, 4}, {9, 6, 7}, {12, 8, 20}, {13, 17, 5}, {5, 17, 300}};

    private static DMatrixRMaj random(int rows, int cols, long seed) {
        return Fixtures.gaussian(rows, cols, seed).getDDRM();
    }

    /** Within {@code tolerance}; 0 means bit for bit (the kernel sums in EJML's order). */
    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double tolerance, String what) {
        double worst = 0;
        for (int k = 0; k < expected.getNumElements(); k++) {
            worst = Math.max(worst, Math.abs(expected.data[k] - actual.data[k]));
        }
        assertTrue(worst <= tolerance, what + ": max difference " + worst);
    }

    @Test
    void everyProductFormMatchesEjmlBitForBitFromZeroForAnyShape() {
        for (int[] s : SHAPES) {
            int n = s[0];
            int m = s[1];
            int p = s[2];
            String shape = n + "x" + m + " times " + m + "x" + p;
            DMatrixRMaj a = random(n, m, 1);
            DMatrixRMaj b = random(m, p, 2);
            DMatrixRMaj expected = new DMatrixRMaj(n, p);
            CommonOps_DDRM.mult(a, b, expected);
            DMatrixRMaj c = random(n, p, 3); // multiply must overwrite whatever was there
            MatrixProduct.multiply(a, b, c);
            assertClose(expected, c, 0, "multiply " + shape);

            DMatrixRMaj start = random(n, p, 4);
            DMatrixRMaj sum = start.copy();
            MatrixProduct.multiplyAdd(a, b, sum);
            DMatrixRMaj expectedSum = start.copy();
            CommonOps_DDRM.multAdd(a, b, expectedSum);
            assertClose(expectedSum, sum, 1e-12, "multiplyAdd " + shape);

            DMatrixRMaj aT = random(m, n, 5);
            DMatrixRMaj gradient = random(n, p, 6);
            DMatrixRMaj other = random(m, p, 7);
            DMatrixRMaj expectedTA = new DMatrixRMaj(n, p); // a fresh gradient: bit for bit
            CommonOps_DDRM.multAddTransA(aT, other, expectedTA);
            DMatrixRMaj actualTA = new DMatrixRMaj(n, p);
            MatrixProduct.multiplyTransposeAAdd(aT, other, actualTA);
            assertClose(expectedTA, actualTA, 0, "multiplyTransposeAAdd " + shape);
            CommonOps_DDRM.multAddTransA(aT, other, expectedTA); // accumulating: up to rounding
            MatrixProduct.multiplyTransposeAAdd(aT, other, actualTA);
            assertClose(expectedTA, actualTA, 1e-12, "multiplyTransposeAAdd twice " + shape);

            DMatrixRMaj w = random(p, m, 8);
            DMatrixRMaj expectedTB = new DMatrixRMaj(n, p);
            CommonOps_DDRM.multTransB(a, w, expectedTB);
            MatrixProduct.multiplyTransposeB(a, w, gradient);
            assertClose(expectedTB, gradient, 0, "multiplyTransposeB " + shape);
            DMatrixRMaj fresh = new DMatrixRMaj(n, p);
            MatrixProduct.multiplyTransposeBAdd(a, w, fresh);
            assertClose(expectedTB, fresh, 0, "multiplyTransposeBAdd " + shape);
        }
    }
}
