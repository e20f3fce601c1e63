package transformer.layers;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;

/**
 * One trainable matrix of a model: its {@code value}, and the {@code grad} that backward passes add
 * into (∂loss/∂value, same shape). Optimisers read {@code grad} and update {@code value} in place.
 *
 * <p>The {@code name} is hierarchical and unique inside a model, for example
 * {@code "encoder.layers.0.selfAttention.W_Q"}; checkpoints and parameter-count tables use it.
 */
public final class Parameter {
    private final String name;
    private final SimpleMatrix value;
    private final SimpleMatrix grad;

    /** A parameter holding {@code value} (kept, not copied) with a zero gradient of the same shape. */
    public Parameter(String name, SimpleMatrix value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Parameter: name must be a non-blank string, got " + name);
        }
        if (value == null) {
            throw new IllegalArgumentException("Parameter " + name + ": value must not be null");
        }
        this.name = name;
        this.value = value;
        this.grad = new SimpleMatrix(value.getNumRows(), value.getNumCols());
    }

    /**
     * Xavier/Glorot uniform initialisation: every entry drawn from U(−a, a) with
     * a = √(6 / (rows + cols)), so that activations keep their scale through the layer.
     * The same {@code random} state always gives the same weights.
     */
    public static Parameter xavierUniform(String name, int rows, int cols, SplittableRandom random) {
        requirePositive(name, rows, cols);
        double a = Math.sqrt(6.0 / (rows + cols));
        SimpleMatrix value = new SimpleMatrix(rows, cols);
        double[] data = value.getDDRM().data;
        for (int i = 0; i < data.length; i++) {
            data[i] = (2 * random.nextDouble() - 1) * a;
        }
        return new Parameter(name, value);
    }

    /**
     * Every entry drawn from a normal distribution N(0, std²), as GPT-2 initialises its weights
     * (std 0.02). The same {@code random} state always gives the same weights.
     */
    public static Parameter normal(String name, int rows, int cols, double std, SplittableRandom random) {
        requirePositive(name, rows, cols);
        SimpleMatrix value = new SimpleMatrix(rows, cols);
        double[] data = value.getDDRM().data;
        for (int i = 0; i < data.length; i++) {
            data[i] = std * random.nextGaussian();
        }
        return new Parameter(name, value);
    }

    /** A parameter filled with {@code fill} (0 for biases, 1 for layer-norm gains). */
    public static Parameter constant(String name, int rows, int cols, double fill) {
        requirePositive(name, rows, cols);
        SimpleMatrix value = new SimpleMatrix(rows, cols);
        value.fill(fill);
        return new Parameter(name, value);
    }

    private static void requirePositive(String name, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("Parameter " + name + ": shape " + rows + "x" + cols
                    + " is empty; both sizes must be at least 1");
        }
    }

    public String name() { return name; }

    /** The current weights; updating them in place changes the model. */
    public SimpleMatrix value() { return value; }

    /** ∂loss/∂value, accumulated by backward passes since the last {@link #zeroGrad()}. */
    public SimpleMatrix grad() { return grad; }

    /** Forgets the accumulated gradient (call once per training step, before backward). */
    public void zeroGrad() { grad.zero(); }

    /** Number of scalars in this parameter. */
    public int size() { return value.getNumElements(); }

    @Override
    public String toString() {
        return name + " " + value.getNumRows() + "x" + value.getNumCols();
    }
}
