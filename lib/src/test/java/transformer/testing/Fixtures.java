package transformer.testing;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.layers.NormPlacement;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;

/** Small seeded inputs shared by the tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Entries drawn from N(0, 1) with a fixed seed. */
    public static SimpleMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SimpleMatrix m = new SimpleMatrix(rows, cols);
        double[] d = m.getDDRM().data;
        for (int k = 0; k < d.length; k++) {
            // Box–Muller, so the tests need nothing but SplittableRandom
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            d[k] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return m;
    }

    /** Σ_ij a_ij·b_ij, the scalar loss whose gradient with respect to a is b. */
    public static double dot(SimpleMatrix a, SimpleMatrix b) {
        return a.elementMult(b).elementSum();
    }

    /** A config small enough for finite differences: d_model 8, 2 heads, 2 layers, d_ff 16, no dropout. */
    public static TransformerConfig gradientCheckConfig(NormPlacement placement) {
        return new TransformerConfig(7, 9, 8, 2, 2, 16, 0.0, 16, placement, PositionKind.SINUSOIDAL,
                TransformerConfig.PAD_ID);
    }
}
