package transformer.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {
    // below and above the plain-loop size, tiles that do and do not fit, k longer than one block (KC),
    // columns wider than one block (NC), and large enough to be split among threads
    private static final int[][] SHAPES = {
        {1, 1, 1}, {7, 5, 3}, {6, 16, 16}, {13, 17, 29}, {50, 300, 40}, {97, 64, 130},
        {20, 40, 1100}, {150, 300, 37}, {64, 300, 70},
    };

    /** The sum every path must reproduce: c_ij + a_i0·b_0j + a_i1·b_1j + …, left to right. */
    private static double[] reference(int n, int m, int p, double[] a, int aRow, int aCol, double[] b, int bRow,
                                      int bCol, double[] start) {
        double[] c = start.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double s = c[i * p + j];
                for (int k = 0; k < m; k++) {
                    s = s + a[i * aRow + k * aCol] * b[k * bRow + j * bCol];
                }
                c[i * p + j] = s;
            }
        }
        return c;
    }

    private static double[] gaussian(int size, SplittableRandom random) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void everyPathSumsInTheOrderOfThePlainLoopAtEveryThreadCount() {
        assertTrue(Gemm.vectorised(), "the tests run with --add-modules jdk.incubator.vector; the vector tiles should be in use");
        SplittableRandom random = new SplittableRandom(3);
        Tiles[] tiles = {new VectorTiles(), new ScalarTiles()};
        for (int[] s : SHAPES) {
            int n = s[0];
            int m = s[1];
            int p = s[2];
            double[] a = gaussian(n * m, random);
            double[] b = gaussian(m * p, random);
            double[] start = gaussian(n * p, random);
            // A as stored (row-major n × m) or transposed (stored m × n); B likewise
            int[][] strides = {{m, 1, p, 1}, {1, n, p, 1}, {m, 1, 1, m}, {1, n, 1, m}};
            for (int[] st : strides) {
                double[] expected = reference(n, m, p, a, st[0], st[1], b, st[2], st[3], start);
                for (Tiles t : tiles) {
                    for (int threads = 1; threads <= 3; threads++) {
                        double[] c = start.clone();
                        Gemm.addProduct(t, threads, n, m, p, a, st[0], st[1], b, st[2], st[3], c);
                        assertSameBits(expected, c, t.getClass().getSimpleName() + ", " + threads + " threads, "
                                + n + "x" + m + "x" + p + " strides " + java.util.Arrays.toString(st));
                    }
                }
            }
        }
    }

    @Test
    void threadCountIsChecked() {
        int before = Threads.count();
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Threads.set(0));
            assertTrue(e.getMessage().contains("Threads.set") && e.getMessage().contains("0"), e.getMessage());
        } finally {
            Threads.set(before);
        }
    }
}
