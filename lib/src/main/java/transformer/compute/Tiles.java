package transformer.compute;

/**
 * The innermost step of {@link Gemm}: one tile of C, {@link #rows} × {@link #cols}, plus the product
 * of a packed panel of A (kc × rows, stored k by k) and a packed panel of B (kc × cols, stored k by k).
 * Each entry of the tile is summed over k in order, product first, then the add.
 */
interface Tiles {
    int rows();

    int cols();

    /** c[ci + r·ldc + j] += Σ_k pa[ai + k·rows + r]·pb[bi + k·cols + j], k = 0 … kc − 1 in order. */
    void tile(int kc, double[] pa, int ai, double[] pb, int bi, double[] c, int ci, int ldc);
}
