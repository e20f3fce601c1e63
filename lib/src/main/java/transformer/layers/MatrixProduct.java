package transformer.layers;

import org.ejml.data.DMatrixRMaj;
import transformer.compute.Gemm;

/**
 * The matrix products behind every layer: C = A·B and the transposed forms a backward pass needs,
 * ∂W += Xᵀ·dY and dX = dY·Wᵀ. They run in {@link transformer.compute.Gemm}, a blocked kernel on
 * the CPU's vector unit that reads Aᵀ and Bᵀ in place, without copying them.
 *
 * <p>Every entry is summed over k in the same order, with the same separate multiply and add, as
 * {@code CommonOps_DDRM.mult}, {@code multAddTransA} and {@code multTransB}: into a zeroed result
 * (a forward output, a freshly zeroed gradient) the numbers are bit for bit EJML's, on any number
 * of threads, so a seeded training run does not change with the kernel. Learners never need this
 * class: it sits inside {@link Linear}.
 */
public final class MatrixProduct {

    private MatrixProduct() {
    }

    /** c = a·b. */
    public static void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiply", a.numRows, a.numCols, b.numRows, b.numCols, c);
        java.util.Arrays.fill(c.data, 0, c.getNumElements(), 0.0);
        Gemm.addProduct(a.numRows, a.numCols, b.numCols, a.data, a.numCols, 1, b.data, b.numCols, 1, c.data);
    }

    /** c += a·b. */
    public static void multiplyAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyAdd", a.numRows, a.numCols, b.numRows, b.numCols, c);
        Gemm.addProduct(a.numRows, a.numCols, b.numCols, a.data, a.numCols, 1, b.data, b.numCols, 1, c.data);
    }

    /** c += aᵀ·b (the weight gradient Xᵀ·dY of a linear layer). */
    public static void multiplyTransposeAAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyTransposeAAdd", a.numCols, a.numRows, b.numRows, b.numCols, c);
        // (aᵀ)_ik = a_ki: row i of aᵀ is read down column i of a
        Gemm.addProduct(a.numCols, a.numRows, b.numCols, a.data, 1, a.numCols, b.data, b.numCols, 1, c.data);
    }

    /** c = a·bᵀ (the input gradient dY·Wᵀ of a linear layer). */
    public static void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyTransposeB", a.numRows, a.numCols, b.numCols, b.numRows, c);
        java.util.Arrays.fill(c.data, 0, c.getNumElements(), 0.0);
        multiplyTransposeBAdd(a, b, c);
    }

    /** c += a·bᵀ. */
    public static void multiplyTransposeBAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        requireShapes("multiplyTransposeBAdd", a.numRows, a.numCols, b.numCols, b.numRows, c);
        // (bᵀ)_kj = b_jk: column j of bᵀ is read along row j of b
        Gemm.addProduct(a.numRows, a.numCols, b.numRows, a.data, a.numCols, 1, b.data, 1, b.numCols, c.data);
    }

    private static void requireShapes(String op, int aRows, int aCols, int bRows, int bCols, DMatrixRMaj c) {
        if (aCols != bRows || c.numRows != aRows || c.numCols != bCols) {
            throw new IllegalArgumentException("MatrixProduct." + op + ": cannot form a " + aRows + "x" + aCols
                    + " times " + bRows + "x" + bCols + " product into a " + c.numRows + "x" + c.numCols
                    + " result; inner sizes must match and the result must be " + aRows + "x" + bCols);
        }
    }
}
