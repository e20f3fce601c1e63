package transformer.layers;

import java.util.List;

/**
 * Anything with trainable weights. {@link #parameters()} lists them in a stable order with unique,
 * hierarchical names, so that optimisers, checkpoints and tables can walk a whole model.
 */
public interface HasParameters {

    /** Every trainable parameter, always in the same order. */
    List<Parameter> parameters();

    /** Total number of trainable scalars. */
    default long parameterCount() {
        long total = 0;
        for (Parameter p : parameters()) {
            total += p.size();
        }
        return total;
    }

    /** Sets every parameter's gradient to zero. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }
}
