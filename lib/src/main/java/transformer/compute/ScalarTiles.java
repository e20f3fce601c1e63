package transformer.compute;

/** {@link Tiles} in plain Java, for JVMs started without the Vector API: the same sums, the same bits. */
final class ScalarTiles implements Tiles {
    private static final int ROWS = 4;
    private static final int COLS = 8;

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public int cols() {
        return COLS;
    }

    @Override
    public void tile(int kc, double[] a, int ai, int ar, int ak, double[] pb, int bi, double[] c, int ci, int ldc) {
        for (int r = 0; r < ROWS; r++) {
            int row = ci + r * ldc;
            for (int k = 0; k < kc; k++) {
                double x = a[ai + r * ar + k * ak];
                int b = bi + k * COLS;
                for (int j = 0; j < COLS; j++) {
                    c[row + j] = c[row + j] + x * pb[b + j];
                }
            }
        }
    }
}
