package transformer.layers;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;

/**
 * Dropout: while training, each entry is kept with probability 1 − p and then divided by 1 − p
 * (so the expected value is unchanged), or set to 0 with probability p. In evaluation mode it is
 * the identity. Backward multiplies by the same keep-mask and scale as the last forward.
 *
 * <p>The random source is owned by the model and created from its explicit seed, so a run is
 * reproducible. A new Dropout is in training mode, as in PyTorch.
 */
public final class Dropout {
    private final double p;
    private final SplittableRandom random;
    private boolean training = true;
    private double[] multiplier; // 0 or 1/(1−p) per entry; null when the last forward was the identity

    public Dropout(double p, SplittableRandom random) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p is " + p + "; expected 0 <= p < 1");
        }
        if (random == null) {
            throw new IllegalArgumentException("Dropout: the random source is null; pass one made from a seed");
        }
        this.p = p;
        this.random = random;
    }

    public double p() { return p; }

    public boolean isTraining() { return training; }

    /** {@code true}: drop entries; {@code false} (evaluation): pass everything through. */
    public void setTraining(boolean training) { this.training = training; }

    public SimpleMatrix forward(SimpleMatrix x) {
        Require.shape("Dropout.forward", "input", x, -1, -1);
        if (!training || p == 0) {
            multiplier = null;
            return x;
        }
        double keepScale = 1.0 / (1.0 - p);
        int n = x.getNumElements();
        multiplier = new double[n];
        double[] in = x.getDDRM().data;
        SimpleMatrix y = new SimpleMatrix(x.getNumRows(), x.getNumCols());
        double[] out = y.getDDRM().data;
        for (int k = 0; k < n; k++) {
            double m = random.nextDouble() < p ? 0.0 : keepScale;
            multiplier[k] = m;
            out[k] = in[k] * m;
        }
        return y;
    }

    public SimpleMatrix backward(SimpleMatrix dOut) {
        if (multiplier == null) {
            return dOut;
        }
        if (dOut.getNumElements() != multiplier.length) {
            throw new IllegalArgumentException("Dropout.backward: output gradient is " + dOut.getNumRows() + "x"
                    + dOut.getNumCols() + " but the last forward had " + multiplier.length + " entries");
        }
        SimpleMatrix dx = new SimpleMatrix(dOut.getNumRows(), dOut.getNumCols());
        double[] in = dOut.getDDRM().data;
        double[] out = dx.getDDRM().data;
        for (int k = 0; k < multiplier.length; k++) {
            out[k] = in[k] * multiplier[k];
        }
        return dx;
    }
}
