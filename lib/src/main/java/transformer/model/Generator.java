package transformer.model;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.simple.SimpleMatrix;
import transformer.layers.Embedding;
import transformer.layers.HasParameters;
import transformer.layers.MatrixProduct;
import transformer.layers.Linear;
import transformer.layers.Parameter;
import transformer.layers.Require;

/**
 * The output layer: a {@link Linear} map from d_model to one score (logit) per vocabulary entry,
 * then log-softmax, log p_v = z_v − log Σ_u exp(z_u), computed with the row maximum subtracted
 * first so that exp never overflows. Backward of log-softmax: dz = dlogp − p·Σ_v dlogp_v.
 *
 * <p>{@link #tiedTo} shares the weights with the token embedding (weight tying, as in the paper
 * and GPT-2): the logits are z = x·Eᵀ for the vocabulary × d_model embedding table E, with no
 * bias, and backward adds dzᵀ·x into E's gradient, on top of what the embedding adds. Tokens that
 * look alike to the input side then score alike on the output side, and the model has V·d_model
 * parameters fewer.
 */
public final class Generator implements HasParameters {
    private final Linear projection; // null when tied
    private final Parameter tiedTable; // the embedding's table E (vocabulary × d_model), or null
    private SimpleMatrix input; // cached for the tied backward
    private SimpleMatrix logProbs; // cached for backward

    /** Parameters {@code name + ".W"} (d_model × vocabulary) and {@code name + ".b"}. */
    public Generator(String name, int dModel, int vocabularySize, SplittableRandom random) {
        this.projection = new Linear(name, dModel, vocabularySize, random);
        this.tiedTable = null;
    }

    private Generator(Parameter tiedTable) {
        this.projection = null;
        this.tiedTable = tiedTable;
    }

    /** An output layer z = x·Eᵀ that shares the embedding's table; it has no parameters of its own. */
    public static Generator tiedTo(Embedding embedding) {
        if (embedding == null) {
            throw new IllegalArgumentException("Generator.tiedTo: embedding is null; pass the model's token embedding");
        }
        return new Generator(embedding.table());
    }

    public int vocabularySize() {
        return projection != null ? projection.dOut() : tiedTable.value().getNumRows();
    }

    /** Whether the weights are the token embedding's (weight tying). */
    public boolean isTied() { return tiedTable != null; }

    /** m × d_model in, m × vocabulary log-probabilities out (each row's exp sums to 1). */
    public SimpleMatrix forward(SimpleMatrix x) {
        logProbs = logSoftmax(logits(x));
        return logProbs.copy(); // the cached one stays untouched for backward
    }

    /** The scores z before the log-softmax, m × vocabulary. */
    private SimpleMatrix logits(SimpleMatrix x) {
        if (projection != null) {
            return projection.forward(x);
        }
        DMatrixRMaj table = tiedTable.value().getDDRM();
        Require.activations("Generator.forward (tied)", "input", x, -1, table.numCols);
        input = x;
        DMatrixRMaj z = new DMatrixRMaj(x.getNumRows(), table.numRows);
        MatrixProduct.multiplyTransposeB(x.getDDRM(), table, z); // z = x·Eᵀ
        return SimpleMatrix.wrap(z);
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
        if (projection != null) {
            return projection.backward(dLogits);
        }
        DMatrixRMaj table = tiedTable.value().getDDRM();
        MatrixProduct.multiplyTransposeAAdd(dLogits.getDDRM(), input.getDDRM(), tiedTable.grad().getDDRM()); // dE += dzᵀ·x
        DMatrixRMaj dx = new DMatrixRMaj(rows, table.numCols);
        MatrixProduct.multiplyAdd(dLogits.getDDRM(), table, dx); // dx = dz·E
        return SimpleMatrix.wrap(dx);
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
        return projection != null ? projection.parameters() : List.of(); // a tied table belongs to the embedding
    }
}
