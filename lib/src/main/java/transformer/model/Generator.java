package transformer.model;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.layers.HasParameters;
import transformer.layers.Linear;
import transformer.layers.Parameter;
import transformer.layers.Require;

/**
 * The output layer: a {@link Linear} map from d_model to one score (logit) per vocabulary entry,
 * then log-softmax, log p_v = z_v − log Σ_u exp(z_u), computed with the row maximum subtracted
 * first so that exp never overflows. Backward of log-softmax: dz = dlogp − p·Σ_v dlogp_v.
 */
public final class Generator implements HasParameters {
    private final Linear projection;
    private SimpleMatrix logProbs; // cached for backward

    /** Parameters {@code name + ".W"} (d_model × vocabulary) and {@code name + ".b"}. */
    public Generator(String name, int dModel, int vocabularySize, SplittableRandom random) {
        this.projection = new Linear(name, dModel, vocabularySize, random);
    }

    public int vocabularySize() { return projection.dOut(); }

    /** m × d_model in, m × vocabulary log-probabilities out (each row's exp sums to 1). */
    public SimpleMatrix forward(SimpleMatrix x) {
        logProbs = logSoftmax(projection.forward(x));
        return logProbs.copy(); // the cached one stays untouched for backward
    }

    public SimpleMatrix backward(SimpleMatrix dLogProbs) {
        if (logProbs == null) {
            throw new IllegalStateException("Generator.backward: call forward first");
        }
        Require.shape("Generator.backward", "log-probability gradient", dLogProbs, logProbs.getNumRows(),
                logProbs.getNumCols());
        int rows = logProbs.getNumRows();
        int v = logProbs.getNumCols();
        double[] lp = logProbs.getDDRM().data;
        double[] g = dLogProbs.getDDRM().data;
        SimpleMatrix dLogits = new SimpleMatrix(rows, v);
        double[] dz = dLogits.getDDRM().data;
        for (int r = 0, base = 0; r < rows; r++, base += v) {
            double total = 0;
            for (int c = 0; c < v; c++) {
                total += g[base + c];
            }
            for (int c = 0; c < v; c++) {
                dz[base + c] = g[base + c] - Math.exp(lp[base + c]) * total;
            }
        }
        return projection.backward(dLogits);
    }

    /** Row-wise log-softmax of a matrix of scores (a new matrix; the input is not changed). */
    public static SimpleMatrix logSoftmax(SimpleMatrix scores) {
        int rows = scores.getNumRows();
        int v = scores.getNumCols();
        SimpleMatrix out = new SimpleMatrix(rows, v);
        double[] z = scores.getDDRM().data;
        double[] o = out.getDDRM().data;
        for (int r = 0, base = 0; r < rows; r++, base += v) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, z[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(z[base + c] - max);
            }
            double logSum = max + Math.log(sum);
            for (int c = 0; c < v; c++) {
                o[base + c] = z[base + c] - logSum;
            }
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return projection.parameters();
    }
}
