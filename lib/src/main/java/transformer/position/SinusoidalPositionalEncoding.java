package transformer.position;

import org.ejml.simple.SimpleMatrix;
import transformer.layers.Require;

/**
 * The paper's positional encoding, a fixed maxLength × d_model table:
 * <pre>
 *   PE(pos, 2i)   = sin(pos / 10000^(2i / d_model))
 *   PE(pos, 2i+1) = cos(pos / 10000^(2i / d_model))
 * </pre>
 * Each pair of columns (2i, 2i+1) is a point turning on a circle at its own frequency
 * ω_i = 1 / 10000^(2i/d_model). So moving k positions on is the same rotation for every pos:
 * PE(pos + k) = PE(pos)·M_k, with M_k from {@link #shift(int)}. It has no parameters.
 */
public final class SinusoidalPositionalEncoding implements PositionalEncoding {
    private final SimpleMatrix table;

    public SinusoidalPositionalEncoding(int maxLength, int dModel) {
        Require.positive("SinusoidalPositionalEncoding", "max length", maxLength);
        Require.positive("SinusoidalPositionalEncoding", "d_model", dModel);
        table = new SimpleMatrix(maxLength, dModel);
        for (int pos = 0; pos < maxLength; pos++) {
            for (int col = 0; col < dModel; col++) {
                double angle = pos * frequency(col / 2, dModel);
                table.set(pos, col, col % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
    }

    /** ω_i = 1 / 10000^(2i / d_model), the angular speed of column pair i. */
    public static double frequency(int i, int dModel) {
        return 1.0 / Math.pow(10000.0, 2.0 * i / dModel);
    }

    /** The whole maxLength × d_model table (a copy). */
    public SimpleMatrix table() { return table.copy(); }

    /** The first n rows: the encodings of positions 0 … n−1. */
    public SimpleMatrix encode(int n) {
        requireLength("SinusoidalPositionalEncoding.encode", n);
        return table.extractMatrix(0, n, 0, table.getNumCols());
    }

    @Override
    public int maxLength() { return table.getNumRows(); }

    public int dModel() { return table.getNumCols(); }

    /**
     * The d_model × d_model matrix M_k with PE(pos + k) = PE(pos)·M_k for every pos (rows are
     * positions): block-diagonal, one 2 × 2 rotation [[cos kω_i, −sin kω_i], [sin kω_i, cos kω_i]] per column pair.
     */
    public SimpleMatrix shift(int k) {
        int d = dModel();
        if (d % 2 != 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding.shift: d_model is " + d
                    + "; the rotation needs sin/cos column pairs, so d_model must be even");
        }
        SimpleMatrix m = new SimpleMatrix(d, d);
        for (int i = 0; 2 * i < d; i++) {
            double angle = k * frequency(i, d);
            int s = 2 * i;
            m.set(s, s, Math.cos(angle));
            m.set(s, s + 1, -Math.sin(angle));
            m.set(s + 1, s, Math.sin(angle));
            m.set(s + 1, s + 1, Math.cos(angle));
        }
        return m;
    }

    @Override
    public SimpleMatrix forward(SimpleMatrix x, int sequenceLength) {
        String op = "SinusoidalPositionalEncoding.forward";
        requireLength(op, sequenceLength);
        Require.shape(op, "input", x, -1, dModel());
        if (x.getNumRows() % sequenceLength != 0) {
            throw new IllegalArgumentException(op + ": input has " + x.getNumRows() + " rows, not a multiple of"
                    + " the sequence length " + sequenceLength + "; expected (B*n) x " + dModel());
        }
        SimpleMatrix y = x.copy();
        double[] out = y.getDDRM().data;
        double[] pe = table.getDDRM().data;
        int d = dModel();
        for (int r = 0; r < x.getNumRows(); r++) {
            int from = (r % sequenceLength) * d;
            int to = r * d;
            for (int c = 0; c < d; c++) {
                out[to + c] += pe[from + c];
            }
        }
        return y;
    }

    @Override
    public SimpleMatrix backward(SimpleMatrix dOut) {
        return dOut;
    }

    private void requireLength(String op, int n) {
        if (n < 1 || n > maxLength()) {
            throw new IllegalArgumentException(op + ": sequence length " + n + " is outside 1.."
                    + maxLength() + "; the table was built for maxLength " + maxLength());
        }
    }
}
