package transformer.compute;

/**
 * C += A·B for row-major C (n × p) and A, B read through strides, so that Aᵀ and Bᵀ need no copy:
 * entry (i, k) of A is {@code a[i·aRow + k·aCol]}, entry (k, j) of B is {@code b[k·bRow + j·bCol]}.
 *
 * <p>The classic blocked scheme: a block of B (up to {@value #KC} k by {@value #NC} columns) is
 * packed into panels as wide as a tile; then, for {@value #MC} rows of A at a time, {@link Tiles}
 * adds the product of a tile's rows of A (read in place) and a panel of B into that tile of C. k runs in ascending
 * blocks and, inside a tile, in ascending order, so every entry is summed in the order of the plain
 * triple loop. Large products split C's rows (or columns) among {@link Threads#count} threads.
 */
public final class Gemm {
    static final int KC = 256;
    static final int MC = 96;
    static final int NC = 1024;
    /** Below this many multiply-adds the plain loop wins (no packing, no vector warm-up). */
    static final long SMALL = 4_096;
    /** Below this many multiply-adds one thread wins (handing work to another costs tens of µs). */
    static final long PARALLEL = 1L << 19;

    private static final Tiles TILES = chooseTiles();
    private static final ThreadLocal<double[][]> BUFFERS = new ThreadLocal<>();

    private Gemm() {
    }

    /** Whether products run on the Vector API (else in plain Java, with the same results). */
    public static boolean vectorised() {
        return !(TILES instanceof ScalarTiles);
    }

    /** c (n × p, row-major) += A·B, A n × m and B m × p given by strides as in the class comment. */
    public static void addProduct(int n, int m, int p, double[] a, int aRow, int aCol,
                                  double[] b, int bRow, int bCol, double[] c) {
        addProduct(TILES, Threads.count(), n, m, p, a, 0, aRow, aCol, b, 0, bRow, bCol, c, 0, p);
    }

    /**
     * The same for windows into larger arrays: A's entry (i, k) is {@code a[aOffset + i·aRow + k·aCol]},
     * B's entry (k, j) is {@code b[bOffset + k·bRow + j·bCol]}, and C's entry (i, j) is
     * {@code c[cOffset + i·cRow + j]}; for one head of attention, read in place.
     */
    public static void addProduct(int n, int m, int p, double[] a, int aOffset, int aRow, int aCol,
                                  double[] b, int bOffset, int bRow, int bCol, double[] c, int cOffset, int cRow) {
        addProduct(TILES, Threads.count(), n, m, p, a, aOffset, aRow, aCol, b, bOffset, bRow, bCol, c, cOffset, cRow);
    }

    static void addProduct(Tiles tiles, int threads, int n, int m, int p, double[] a, int aRow, int aCol,
                           double[] b, int bRow, int bCol, double[] c) {
        addProduct(tiles, threads, n, m, p, a, 0, aRow, aCol, b, 0, bRow, bCol, c, 0, p);
    }

    static void addProduct(Tiles tiles, int threads, int n, int m, int p, double[] a, int aOff, int aRow, int aCol,
                           double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int ldc) {
        if (n == 0 || m == 0 || p == 0) {
            return;
        }
        long work = (long) n * m * p;
        if (work <= SMALL) {
            plain(n, m, p, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc);
            return;
        }
        int parts = work < PARALLEL ? 1 : threads;
        boolean byRows = n >= p;
        int unit = byRows ? tiles.rows() : tiles.cols();
        int extent = byRows ? n : p;
        parts = Math.max(1, Math.min(parts, (extent + unit - 1) / unit));
        int step = ((extent + parts - 1) / parts + unit - 1) / unit * unit;
        int used = (extent + step - 1) / step;
        Threads.run(used, part -> {
            int from = part * step;
            int to = Math.min(extent, from + step);
            if (byRows) {
                blocked(tiles, from, to, 0, p, m, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc);
            } else {
                blocked(tiles, 0, n, from, to, m, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc);
            }
        });
    }

    /** The triple loop, k before j, so each entry is summed in k order; for small products. */
    private static void plain(int n, int m, int p, double[] a, int aOff, int aRow, int aCol,
                              double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int ldc) {
        for (int i = 0; i < n; i++) {
            int row = cOff + i * ldc;
            for (int k = 0; k < m; k++) {
                double x = a[aOff + i * aRow + k * aCol];
                int bk = bOff + k * bRow;
                for (int j = 0; j < p; j++) {
                    c[row + j] = c[row + j] + x * b[bk + j * bCol];
                }
            }
        }
    }

    /** Rows i0 … i1 − 1 and columns j0 … j1 − 1 of C, all of k. */
    private static void blocked(Tiles tiles, int i0, int i1, int j0, int j1, int m, double[] a, int aOff, int aRow,
                                int aCol, double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int ldc) {
        int mr = tiles.rows();
        int nr = tiles.cols();
        double[][] buffers = buffers(mr, nr);
        double[] pa = buffers[0];
        double[] pb = buffers[1];
        double[] edge = buffers[2];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < m; pc += KC) {
                int kc = Math.min(KC, m - pc);
                packB(b, bOff, bRow, bCol, pc, kc, jc, nc, nr, pb);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            // a full tile reads its rows of A in place; a short one, a padded copy of them
                            double[] ap = a;
                            int ai = aOff + (ic + ir) * aRow + pc * aCol;
                            int ar = aRow;
                            int ak = aCol;
                            if (rows < mr) {
                                packA(a, ai, aRow, aCol, rows, kc, mr, pa);
                                ap = pa;
                                ai = 0;
                                ar = 1;
                                ak = mr;
                            }
                            if (rows == mr && cols == nr) {
                                tiles.tile(kc, ap, ai, ar, ak, pb, jr * kc, c, ci, ldc);
                            } else { // a tile that overhangs C: work on a copy of the part that exists
                                java.util.Arrays.fill(edge, 0.0);
                                for (int r = 0; r < rows; r++) {
                                    System.arraycopy(c, ci + r * ldc, edge, r * nr, cols);
                                }
                                tiles.tile(kc, ap, ai, ar, ak, pb, jr * kc, edge, 0, nr);
                                for (int r = 0; r < rows; r++) {
                                    System.arraycopy(edge, r * nr, c, ci + r * ldc, cols);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Rows pc … pc + kc − 1, columns jc … jc + nc − 1 of B, as panels nr wide (zeros past the edge). */
    private static void packB(double[] b, int bOff, int bRow, int bCol, int pc, int kc, int jc, int nc, int nr, double[] pb) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int out = jr * kc;
            for (int k = 0; k < kc; k++) {
                int in = bOff + (pc + k) * bRow + (jc + jr) * bCol;
                for (int j = 0; j < cols; j++) {
                    pb[out + j] = b[in + j * bCol];
                }
                for (int j = cols; j < nr; j++) {
                    pb[out + j] = 0.0;
                }
                out += nr;
            }
        }
    }

    /** The {@code rows} (fewer than mr) rows of A from {@code start}, kc long, as one panel mr tall (zeros below). */
    private static void packA(double[] a, int start, int aRow, int aCol, int rows, int kc, int mr, double[] pa) {
        for (int k = 0, out = 0; k < kc; k++, out += mr) {
            for (int r = 0; r < rows; r++) {
                pa[out + r] = a[start + r * aRow + k * aCol];
            }
            for (int r = rows; r < mr; r++) {
                pa[out + r] = 0.0;
            }
        }
    }

    private static double[][] buffers(int mr, int nr) {
        double[][] buffers = BUFFERS.get();
        int aSize = mr * KC;
        int bSize = ((NC + nr - 1) / nr) * nr * KC;
        if (buffers == null || buffers[0].length < aSize || buffers[1].length < bSize || buffers[2].length < mr * nr) {
            buffers = new double[][] {new double[aSize], new double[bSize], new double[mr * nr]};
            BUFFERS.set(buffers);
        }
        return buffers;
    }

    private static Tiles chooseTiles() {
        if (!Boolean.getBoolean("transformer.plainJava")
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                if (VectorTiles.useful()) {
                    return new VectorTiles();
                }
            } catch (LinkageError e) {
                // the module is there but cannot be used: fall back to plain Java
            }
        }
        return new ScalarTiles();
    }
}
