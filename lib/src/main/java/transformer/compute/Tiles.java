package transformer.compute;

/**
 * The innermost step of {@link Gemm}: one tile of C, {@link #rows} × {@link #cols}, plus the product
 * of {@link #rows} rows of A, read in place through strides, and a packed panel of B (kc × cols,
 * stored k by k). Each entry of the tile is summed over k in order, product first, then the add.
 */
interface Tiles {
    int rows();

    int cols();

    /** c[ci + r·ldc + j] += Σ_k a[ai + r·ar + k·ak]·pb[bi + k·cols + j], k = 0 … kc − 1 in order. */
    void tile(int kc, double[] a, int ai, int ar, int ak, double[] pb, int bi, double[] c, int ci, int ldc);
}
