package transformer.position;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.layers.HasParameters;
import transformer.layers.Parameter;
import transformer.layers.Require;
import transformer.layers.WeightInit;

/**
 * BERT-style positions: a trained maxLength × d_model table P, and position pos adds row P[pos].
 * Unlike the sinusoidal table it can learn whatever helps, but it knows nothing about positions
 * beyond maxLength. Backward adds dOut's rows into the gradient rows of their positions.
 */
public final class LearnedPositionEmbedding implements PositionalEncoding, HasParameters {
    private final Parameter table;
    private int lastRows;
    private int lastSequenceLength;

    /** A table called {@code name + ".table"}. */
    public LearnedPositionEmbedding(String name, int maxLength, int dModel, SplittableRandom random) {
        this(name, maxLength, dModel, WeightInit.xavierUniform(), random);
    }

    /** A table drawn from {@code init} (GPT-2: N(0, 0.02²)). */
    public LearnedPositionEmbedding(String name, int maxLength, int dModel, WeightInit init, SplittableRandom random) {
        Require.positive("LearnedPositionEmbedding " + name, "max length", maxLength);
        Require.positive("LearnedPositionEmbedding " + name, "d_model", dModel);
        if (init == null) {
            throw new IllegalArgumentException("LearnedPositionEmbedding " + name
                    + ": init is null; try WeightInit.xavierUniform()");
        }
        this.table = init.create(name + ".table", maxLength, dModel, random);
    }

    public Parameter table() { return table; }

    @Override
    public int maxLength() { return table.value().getNumRows(); }

    public int dModel() { return table.value().getNumCols(); }

    @Override
    public SimpleMatrix forward(SimpleMatrix x, int sequenceLength) {
        String op = "LearnedPositionEmbedding.forward";
        if (sequenceLength < 1 || sequenceLength > maxLength()) {
            throw new IllegalArgumentException(op + ": sequence length " + sequenceLength + " is outside 1.."
                    + maxLength() + "; the table has maxLength " + maxLength() + " rows");
        }
        Require.shape(op, "input", x, -1, dModel());
        if (x.getNumRows() % sequenceLength != 0) {
            throw new IllegalArgumentException(op + ": input has " + x.getNumRows() + " rows, not a multiple of"
                    + " the sequence length " + sequenceLength + "; expected (B*n) x " + dModel());
        }
        int d = dModel();
        SimpleMatrix y = x.copy();
        double[] out = y.getDDRM().data;
        double[] p = table.value().getDDRM().data;
        for (int r = 0; r < x.getNumRows(); r++) {
            int from = (r % sequenceLength) * d;
            for (int c = 0; c < d; c++) {
                out[r * d + c] += p[from + c];
            }
        }
        lastRows = x.getNumRows();
        lastSequenceLength = sequenceLength;
        return y;
    }

    @Override
    public SimpleMatrix backward(SimpleMatrix dOut) {
        if (lastSequenceLength == 0) {
            throw new IllegalStateException("LearnedPositionEmbedding.backward: call forward first");
        }
        int d = dModel();
        Require.shape("LearnedPositionEmbedding.backward", "output gradient", dOut, lastRows, d);
        double[] g = table.grad().getDDRM().data;
        double[] dy = dOut.getDDRM().data;
        for (int r = 0; r < lastRows; r++) {
            int to = (r % lastSequenceLength) * d;
            for (int c = 0; c < d; c++) {
                g[to + c] += dy[r * d + c];
            }
        }
        return dOut;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }
}
