package transformer.compute;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Tiles} on the Vector API: a 4 × (4 vectors) tile of C held in sixteen vector registers
 * while k runs, with one broadcast of A per row (read in place) and one load of B per vector at every k. With
 * AVX-512 a vector holds 8 doubles, so the tile is 4 × 32. Multiply, then add: each lane sums
 * exactly as the plain loop does. (A fused multiply-add would be about a quarter faster here, but
 * would change every seeded result of the course.)
 */
final class VectorTiles implements Tiles {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    private static final int COLS = 4 * L;

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public int cols() {
        return COLS;
    }

    /** Whether vectors are wider than one double on this machine (otherwise the plain loop is as good). */
    static boolean useful() {
        return L >= 2;
    }

    @Override
    public void tile(int kc, double[] a, int ai, int ar, int ak, double[] pb, int bi, double[] c, int ci, int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s01 = DoubleVector.fromArray(S, c, ci + L);
        DoubleVector s02 = DoubleVector.fromArray(S, c, ci + 2 * L);
        DoubleVector s03 = DoubleVector.fromArray(S, c, ci + 3 * L);
        DoubleVector s10 = DoubleVector.fromArray(S, c, ci + ldc);
        DoubleVector s11 = DoubleVector.fromArray(S, c, ci + ldc + L);
        DoubleVector s12 = DoubleVector.fromArray(S, c, ci + ldc + 2 * L);
        DoubleVector s13 = DoubleVector.fromArray(S, c, ci + ldc + 3 * L);
        DoubleVector s20 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
        DoubleVector s22 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 2 * L);
        DoubleVector s23 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 3 * L);
        DoubleVector s30 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
        DoubleVector s32 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 2 * L);
        DoubleVector s33 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 3 * L);
        int a0 = ai;
        int b = bi;
        for (int k = 0; k < kc; k++, a0 += ak, b += COLS) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, b);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, b + L);
            DoubleVector b2 = DoubleVector.fromArray(S, pb, b + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, pb, b + 3 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[a0]);
            s00 = s00.add(x0.mul(b0));
            s01 = s01.add(x0.mul(b1));
            s02 = s02.add(x0.mul(b2));
            s03 = s03.add(x0.mul(b3));
            DoubleVector x1 = DoubleVector.broadcast(S, a[a0 + ar]);
            s10 = s10.add(x1.mul(b0));
            s11 = s11.add(x1.mul(b1));
            s12 = s12.add(x1.mul(b2));
            s13 = s13.add(x1.mul(b3));
            DoubleVector x2 = DoubleVector.broadcast(S, a[a0 + 2 * ar]);
            s20 = s20.add(x2.mul(b0));
            s21 = s21.add(x2.mul(b1));
            s22 = s22.add(x2.mul(b2));
            s23 = s23.add(x2.mul(b3));
            DoubleVector x3 = DoubleVector.broadcast(S, a[a0 + 3 * ar]);
            s30 = s30.add(x3.mul(b0));
            s31 = s31.add(x3.mul(b1));
            s32 = s32.add(x3.mul(b2));
            s33 = s33.add(x3.mul(b3));
        }
        s00.intoArray(c, ci);
        s01.intoArray(c, ci + L);
        s02.intoArray(c, ci + 2 * L);
        s03.intoArray(c, ci + 3 * L);
        s10.intoArray(c, ci + ldc);
        s11.intoArray(c, ci + ldc + L);
        s12.intoArray(c, ci + ldc + 2 * L);
        s13.intoArray(c, ci + ldc + 3 * L);
        s20.intoArray(c, ci + 2 * ldc);
        s21.intoArray(c, ci + 2 * ldc + L);
        s22.intoArray(c, ci + 2 * ldc + 2 * L);
        s23.intoArray(c, ci + 2 * ldc + 3 * L);
        s30.intoArray(c, ci + 3 * ldc);
        s31.intoArray(c, ci + 3 * ldc + L);
        s32.intoArray(c, ci + 3 * ldc + 2 * L);
        s33.intoArray(c, ci + 3 * ldc + 3 * L);
    }
}
