package transformer.learning;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ejml.simple.SimpleMatrix;

import transformer.data.Batch;
import transformer.layers.HasParameters;
import transformer.layers.Parameter;
import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderClassifier;
import transformer.model.EncoderDecoder;
import transformer.model.GPT;

/**
 * What the {@link Trainer} needs from a model: log-probabilities for a batch (one row per position
 * to predict), the target id of every row, and the way back. {@link #of(EncoderDecoder)} adapts the
 * kit's encoder-decoder; a model of your own can implement it directly.
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

    /**
     * Teacher forcing for an encoder-decoder: it reads the source and the shifted target input
     * ({@code <bos> y1 … yn}) and must predict the target output ({@code y1 … yn <eos>}).
     */
    static Trainable of(EncoderDecoder model) {
        requireModel(model);
        return adapter(model, batch -> model.forward(batch.source(), batch.targetInput()), Batch::targetOutput,
                model::backward, model::setTraining);
    }

    /**
     * Next-token prediction for a decoder-only language model: it reads {@code <bos> x1 … xn} (the
     * batch's target input) and must predict {@code x1 … xn <eos>}. Make batches with
     * {@link Batch#sequences}.
     */
    static Trainable of(DecoderOnlyLanguageModel model) {
        requireModel(model);
        return adapter(model, batch -> model.forward(batch.targetInput()), Batch::targetOutput,
                model::backward, model::setTraining);
    }

    /**
     * Next-token prediction for a {@link GPT}: it reads the windows of {@link Batch#windows} and
     * must predict each one shifted by one token (make batches with {@code TextWindows}). Every id is
     * a real token, so the loss's pad id must be −1: {@code new LabelSmoothingLoss(0, -1)}.
     */
    static Trainable of(GPT model) {
        requireModel(model);
        return adapter(model, batch -> model.forward(batch.targetInput()), Batch::targetOutput,
                model::backward, model::setTraining);
    }

    /**
     * Classification: one row of log-probabilities per sequence, and its label as the target (a
     * B × 1 array). Make batches with {@link Batch#labelled}, and a loss whose pad id is −1, since
     * class 0 is a real class: {@code new LabelSmoothingLoss(ε, -1)}.
     */
    static Trainable of(EncoderClassifier model) {
        requireModel(model);
        return adapter(model, batch -> model.forward(batch.source()), Trainable::labelColumn,
                model::backward, model::setTraining);
    }

    /** A batch's labels as a B × 1 array, the target of one prediction per sequence. */
    private static int[][] labelColumn(Batch batch) {
        int[] labels = batch.labels();
        int[][] out = new int[labels.length][1];
        for (int b = 0; b < labels.length; b++) {
            out[b][0] = labels[b];
        }
        return out;
    }

    /** The kit's models share no training interface, so each adapter passes its own methods. */
    private static Trainable adapter(HasParameters model, Function<Batch, SimpleMatrix> forward,
                                     Function<Batch, int[][]> targets, Consumer<SimpleMatrix> backward,
                                     Consumer<Boolean> setTraining) {
        return new Trainable() {
            @Override
            public List<Parameter> parameters() {
                return model.parameters();
            }

            @Override
            public SimpleMatrix forward(Batch batch) {
                return forward.apply(batch);
            }

            @Override
            public int[][] targets(Batch batch) {
                return targets.apply(batch);
            }

            @Override
            public void backward(SimpleMatrix dLogProbs) {
                backward.accept(dLogProbs);
            }

            @Override
            public void setTraining(boolean training) {
                setTraining.accept(training);
            }
        };
    }

    private static void requireModel(Object model) {
        if (model == null) {
            throw new IllegalArgumentException("Trainable.of: model is null; pass a model built from a config and a seed");
        }
    }
}
