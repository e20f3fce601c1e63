package transformer.layers;

import java.util.SplittableRandom;

/**
 * How a weight matrix gets its first values. The kit's layers start from {@link #xavierUniform()};
 * GPT-2 (and nanoGPT) start every weight from a normal distribution with standard deviation 0.02
 * ({@link #normal(double)}), the projections that write into the residual stream from 0.02/√(2N).
 */
@FunctionalInterface
public interface WeightInit {

    /** A new {@code rows × cols} parameter called {@code name}, drawn from {@code random}. */
    Parameter create(String name, int rows, int cols, SplittableRandom random);

    /** U(−a, a) with a = √(6 / (rows + cols)): {@link Parameter#xavierUniform}. */
    static WeightInit xavierUniform() {
        return Parameter::xavierUniform;
    }

    /** N(0, std²) for every entry: {@link Parameter#normal}. */
    static WeightInit normal(double std) {
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("WeightInit.normal: standard deviation is " + std
                    + "; expected a finite number > 0, e.g. 0.02 as in GPT-2");
        }
        return (name, rows, cols, random) -> Parameter.normal(name, rows, cols, std, random);
    }
}
