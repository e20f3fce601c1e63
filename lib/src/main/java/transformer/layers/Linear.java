package transformer.layers;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.simple.SimpleMatrix;

/**
 * A fully connected layer applied to every row (position) at once: Y = X·W + b.
 *
 * <p>X is m × d_in (one row per position, batches stacked), W is d_in × d_out, b is 1 × d_out and
 * is added to every row. Backward, for dY = ∂loss/∂Y:
 * <pre>
 *   ∂loss/∂W += Xᵀ·dY      ∂loss/∂b += Σ_rows dY      ∂loss/∂X = dY·Wᵀ
 * </pre>
 * The products run in {@link MatrixProduct}, a fast kernel for exactly these three forms.
 *
 * <p>{@link #withoutBias} makes Y = X·W, as GPT-2-style models (nanoGPT with {@code bias=False})
 * use everywhere: then there is no b and no ∂loss/∂b.
 */
public final class Linear implements HasParameters {
    private final Parameter weight;
    private final Parameter bias; // null without a bias
    private final String name;
    private SimpleMatrix input; // cached by forward for backward

    /** A layer whose parameters are called {@code name + ".W"} and {@code name + ".b"}. */
    public Linear(String name, int dIn, int dOut, SplittableRandom random) {
        this(name, name + ".W", name + ".b", dIn, dOut, random);
    }

    /** A layer with explicit parameter names, e.g. {@code "...W_Q"} and {@code "...b_Q"}. */
    public Linear(String name, String weightName, String biasName, int dIn, int dOut, SplittableRandom random) {
        this(name, weightName, biasName, dIn, dOut, WeightInit.xavierUniform(), random);
    }

    /** A layer whose W starts from {@code init} (b starts at 0); without a bias if {@code biasName} is null. */
    public Linear(String name, String weightName, String biasName, int dIn, int dOut, WeightInit init,
                  SplittableRandom random) {
        Require.positive(name + " (Linear)", "d_in", dIn);
        Require.positive(name + " (Linear)", "d_out", dOut);
        if (init == null) {
            throw new IllegalArgumentException("Linear " + name + ": init is null; try WeightInit.xavierUniform()");
        }
        this.name = name;
        this.weight = init.create(weightName, dIn, dOut, random);
        this.bias = biasName == null ? null : Parameter.constant(biasName, 1, dOut, 0.0);
    }

    /** Y = X·W with no bias; the one parameter is called {@code weightName}. */
    public static Linear withoutBias(String name, String weightName, int dIn, int dOut, WeightInit init,
                                     SplittableRandom random) {
        return new Linear(name, weightName, null, dIn, dOut, init, random);
    }

    public int dIn() { return weight.value().getNumRows(); }

    public int dOut() { return weight.value().getNumCols(); }

    public Parameter weight() { return weight; }

    /** b, or null for a layer made {@link #withoutBias}. */
    public Parameter bias() { return bias; }

    public boolean hasBias() { return bias != null; }

    /** Y = X·W + b for X of shape m × d_in; returns m × d_out. */
    public SimpleMatrix forward(SimpleMatrix x) {
        Require.activations("Linear.forward (" + name + ")", "input", x, -1, dIn());
        input = x;
        DMatrixRMaj y = new DMatrixRMaj(x.getNumRows(), dOut());
        MatrixProduct.multiplyAdd(x.getDDRM(), weight.value().getDDRM(), y); // y starts at 0
        if (bias != null) {
            addToEveryRow(y, bias.value().getDDRM().data);
        }
        return SimpleMatrix.wrap(y);
    }

    /** Adds Xᵀ·dY into W's gradient and the column sums of dY into b's; returns dY·Wᵀ. */
    public SimpleMatrix backward(SimpleMatrix dOut) {
        if (input == null) {
            throw new IllegalStateException("Linear.backward (" + name + "): call forward first");
        }
        Require.shape("Linear.backward (" + name + ")", "output gradient", dOut, input.getNumRows(), dOut());
        DMatrixRMaj dy = dOut.getDDRM();
        if (bias != null) {
            addColumnSums(dy, bias.grad().getDDRM().data);
        }
        DMatrixRMaj dx = new DMatrixRMaj(dy.numRows, dIn());
        MatrixProduct.multiplyTransposeAAdd(input.getDDRM(), dy, weight.grad().getDDRM());
        MatrixProduct.multiplyTransposeBAdd(dy, weight.value().getDDRM(), dx); // dx starts at 0
        return SimpleMatrix.wrap(dx);
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    static void addToEveryRow(DMatrixRMaj m, double[] row) {
        double[] d = m.data;
        int cols = m.numCols;
        for (int r = 0, base = 0; r < m.numRows; r++, base += cols) {
            for (int c = 0; c < cols; c++) {
                d[base + c] += row[c];
            }
        }
    }

    static void addColumnSums(DMatrixRMaj m, double[] into) {
        double[] d = m.data;
        int cols = m.numCols;
        for (int r = 0, base = 0; r < m.numRows; r++, base += cols) {
            for (int c = 0; c < cols; c++) {
                into[c] += d[base + c];
            }
        }
    }
}
