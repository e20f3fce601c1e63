/**
 * The building blocks of lesson 07, each with its forward and backward pass side by side:
 * {@link transformer.layers.Linear} (Y = X·W + b), {@link transformer.layers.Embedding} (lookup × √d_model),
 * {@link transformer.layers.LayerNorm} (PyTorch's definition), {@link transformer.layers.PositionwiseFeedForward}
 * (Linear → ReLU → Linear), {@link transformer.layers.Dropout} (seeded, off in evaluation) and
 * {@link transformer.layers.SublayerConnection} (residual + norm, {@link transformer.layers.NormPlacement#POST_NORM}
 * as in the paper or {@link transformer.layers.NormPlacement#PRE_NORM}).
 *
 * <p>Trainable weights are {@link transformer.layers.Parameter}s (value and grad of the same shape, with a
 * hierarchical name); anything that has them implements {@link transformer.layers.HasParameters}.
 * Rows are positions: a batch of B sequences of length n is a (B·n) × d matrix. A forward pass caches
 * what its backward needs; {@code backward(dOut)} adds into the parameters' gradients and returns the
 * gradient of the input. Bad input throws {@link java.lang.IllegalArgumentException} naming the
 * operation and the shapes ({@link transformer.layers.Require}).
 */
package transformer.layers;
