package transformer.layers;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel, 2016), GPT's activation in place of ReLU:
 * <pre>
 *   GELU(x) = x·Φ(x),   Φ(x) = ½·(1 + erf(x/√2))      the standard normal distribution function
 *   GELU'(x) = Φ(x) + x·φ(x),   φ(x) = exp(−x²/2)/√(2π)
 * </pre>
 * Like ReLU it lets large positive inputs through and stops large negative ones, but smoothly: a
 * slightly negative input still passes a little, and the gradient is never exactly 0. This is the
 * exact form of PyTorch's {@code nn.GELU()} (not its tanh approximation).
 *
 * <p>Java has no erf, so {@link #erf} evaluates it from a table: around each of the points
 * c = 0, 1/8, 2/8, … up to 6 it keeps erf's Taylor series to degree 10, whose coefficients
 * follow from erf'(x) = (2/√π)·exp(−x²) and the Hermite polynomials H_k of its higher derivatives,
 * erf^(k+1)(x) = (2/√π)·(−1)^k·H_k(x)·exp(−x²). Within 1/16 of its centre a series is accurate to
 * about 1e-16; beyond 6, erf is 1 to double precision.
 */
public final class Gelu {
    private static final double SPACING = 1.0 / 8;
    private static final double LIMIT = 6.0;
    private static final int DEGREE = 10;
    private static final double[][] SERIES = taylorTable();
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private Gelu() {
    }

    /** GELU(x) = x·Φ(x). */
    public static double value(double x) {
        return x * 0.5 * (1 + erf(x * INV_SQRT2));
    }

    /** dGELU/dx = Φ(x) + x·φ(x). */
    public static double derivative(double x) {
        return 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** Φ(x) = (1 + erf(x/√2)) / 2, the normal distribution's CDF: what a layer keeps for its backward pass. */
    public static double cdf(double x) {
        return 0.5 * (1 + erf(x * INV_SQRT2));
    }

    /** GELU(x) given Φ(x) = {@link #cdf}(x): the same number as {@link #value}(x), with no second erf. */
    public static double value(double x, double cdf) {
        return x * 0.5 * (2 * cdf); // 2·Φ(x) is exactly the 1 + erf(x/√2) it was made from
    }

    /** dGELU/dx given Φ(x) = {@link #cdf}(x): the same number as {@link #derivative}(x), with no second erf. */
    public static double derivative(double x, double cdf) {
        return cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** The error function erf(x) = (2/√π)·∫₀ˣ exp(−t²) dt, odd, between −1 and 1. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double z = Math.abs(x);
        if (z >= LIMIT) {
            return Math.copySign(1.0, x);
        }
        int k = (int) (z / SPACING + 0.5); // the nearest centre c = k/8, so |z − c| ≤ 1/16
        double[] a = SERIES[k];
        double t = z - k * SPACING;
        double sum = a[DEGREE];
        for (int n = DEGREE - 1; n >= 0; n--) {
            sum = sum * t + a[n];
        }
        return Math.copySign(Math.min(sum, 1.0), x);
    }

    /** For every centre c = k/8: erf's Taylor coefficients a_n = erf^(n)(c)/n!. */
    private static double[][] taylorTable() {
        int centres = (int) Math.round(LIMIT / SPACING) + 1;
        double[][] table = new double[centres][DEGREE + 1];
        for (int k = 0; k < centres; k++) {
            double c = k * SPACING;
            double scale = 2 / Math.sqrt(Math.PI) * Math.exp(-c * c);
            table[k][0] = erfBySeries(c);
            double hPrevious = 0; // H_{-1}, unused
            double h = 1;         // H_0
            double factorial = 1;
            for (int n = 1; n <= DEGREE; n++) {
                factorial *= n;
                int kHermite = n - 1; // erf^(n) = scale·(−1)^(n−1)·H_{n−1}(c)
                table[k][n] = (kHermite % 2 == 0 ? 1 : -1) * h * scale / factorial;
                double hNext = 2 * c * h - 2 * kHermite * hPrevious; // H_{k+1} = 2x·H_k − 2k·H_{k−1}
                hPrevious = h;
                h = hNext;
            }
        }
        return table;
    }

    /**
     * erf(x) = (2/√π)·exp(−x²)·Σ_n 2ⁿ·x^(2n+1) / (1·3·5···(2n+1)), a series of positive terms (no
     * cancellation), used once per table entry.
     */
    private static double erfBySeries(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
}
