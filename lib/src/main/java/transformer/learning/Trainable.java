package transformer.learning;

import org.ejml.simple.SimpleMatrix;

import transformer.data.Batch;
import transformer.layers.HasParameters;

/**
 * What the {@link Trainer} needs from a model: log-probabilities for a batch (one row per position
 * to predict), the target id of every row, and the way back. A model of your own can implement it
 * directly.
 */
public interface Trainable extends HasParameters {

    /** Log-probabilities for the batch, one row per predicted position; caches what backward needs. */
    SimpleMatrix forward(Batch batch);

    /** The ids the rows of {@link #forward} must predict, B × n; pad ids are ignored by the loss. */
    int[][] targets(Batch batch);

    /** Back-propagates ∂loss/∂logProbs into every parameter's gradient. */
    void backward(SimpleMatrix dLogProbs);

    /** {@code true} while training (dropout on), {@code false} for evaluation. */
    void setTraining(boolean training);
}
