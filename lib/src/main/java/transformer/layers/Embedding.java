package transformer.layers;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;

/**
 * Token embedding: row {@code id} of a learned vocabulary × d_model table, multiplied by √d_model
 * (as in the paper, so that embeddings and positional encodings have comparable scale).
 *
 * <p>A batch of B sequences of n ids becomes a (B·n) × d_model matrix; sequence b owns rows
 * b·n … b·n+n−1. Backward adds √d_model·dOut[row] into the gradient of the row of the table
 * the token came from; token ids have no gradient.
 *
 * <p>GPT-2 (and nanoGPT) use no √d_model factor (scale 1) and draw the table from N(0, 0.02²):
 * {@link #Embedding(String, int, int, double, WeightInit, SplittableRandom)}.
 */
public final class Embedding implements HasParameters {
    private final Parameter table;
    private final double scale;
    private int[] lastIds; // flattened ids of the last forward

    /** A table called {@code name + ".table"} with {@code vocabularySize} rows of width {@code dModel}. */
    public Embedding(String name, int vocabularySize, int dModel, SplittableRandom random) {
        this(name, vocabularySize, dModel, Math.sqrt(dModel), WeightInit.xavierUniform(), random);
    }

    /** A table drawn from {@code init} whose rows are multiplied by {@code scale} on the way out. */
    public Embedding(String name, int vocabularySize, int dModel, double scale, WeightInit init,
                     SplittableRandom random) {
        Require.positive("Embedding " + name, "vocabulary size", vocabularySize);
        Require.positive("Embedding " + name, "d_model", dModel);
        if (!(scale > 0) || Double.isInfinite(scale) || init == null) {
            throw new IllegalArgumentException("Embedding " + name + ": scale " + scale + " and init " + init
                    + "; expected a finite scale > 0 (√d_model in the paper, 1 in GPT) and an init");
        }
        this.table = init.create(name + ".table", vocabularySize, dModel, random);
        this.scale = scale;
    }

    public int vocabularySize() { return table.value().getNumRows(); }

    public int dModel() { return table.value().getNumCols(); }

    public Parameter table() { return table; }

    /** The factor every looked-up row is multiplied by: √d_model, or 1. */
    public double scale() { return scale; }

    /** Looks up a batch of equal-length rows of token ids; returns (B·n) × d_model. */
    public SimpleMatrix forward(int[][] tokens) {
        int n = Require.tokens("Embedding.forward", "tokens", tokens, vocabularySize());
        int d = dModel();
        int[] ids = new int[tokens.length * n];
        for (int b = 0; b < tokens.length; b++) {
            System.arraycopy(tokens[b], 0, ids, b * n, n);
        }
        double[] t = table.value().getDDRM().data;
        SimpleMatrix out = new SimpleMatrix(ids.length, d);
        double[] o = out.getDDRM().data;
        for (int r = 0; r < ids.length; r++) {
            int from = ids[r] * d;
            int to = r * d;
            for (int c = 0; c < d; c++) {
                o[to + c] = t[from + c] * scale;
            }
        }
        lastIds = ids;
        return out;
    }

    /** One unbatched sequence of ids; returns n × d_model. */
    public SimpleMatrix forward(int[] tokens) {
        return forward(new int[][] {tokens});
    }

    /** Adds √d_model·dOut[r] into the gradient row of the token at row r. */
    public void backward(SimpleMatrix dOut) {
        if (lastIds == null) {
            throw new IllegalStateException("Embedding.backward: call forward first");
        }
        int d = dModel();
        Require.shape("Embedding.backward", "output gradient", dOut, lastIds.length, d);
        double[] g = table.grad().getDDRM().data;
        double[] dy = dOut.getDDRM().data;
        for (int r = 0; r < lastIds.length; r++) {
            int to = lastIds[r] * d;
            int from = r * d;
            for (int c = 0; c < d; c++) {
                g[to + c] += dy[from + c] * scale;
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }
}
