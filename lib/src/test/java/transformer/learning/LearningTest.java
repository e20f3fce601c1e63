package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import transformer.data.BatchStream;
import transformer.data.CopyTask;
import transformer.data.DateTask;
import transformer.data.SequenceTask;
import transformer.data.Split;
import transformer.data.Vocabulary;
import transformer.decoding.GreedyDecoder;
import transformer.layers.NormPlacement;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;

/**
 * Training works end to end: fixed step budgets, held-out examples the model never saw, exact match
 * of greedy decoding. The budgets are steps, not seconds; the seconds are printed for the record.
 */
class LearningTest {

    /** One encoder layer and one decoder layer, d_model 32, 4 heads: small enough for a laptop CPU. */
    private static TransformerConfig smallConfig(Vocabulary v, double dropout) {
        return new TransformerConfig(v.size(), v.size(), 32, 4, 1, 64, dropout, 32, NormPlacement.POST_NORM,
                PositionKind.SINUSOIDAL, TransformerConfig.PAD_ID);
    }

    private static double trainAndMeasure(SequenceTask task, Split split, double smoothing, int steps, long seed) {
        Vocabulary v = task.vocabulary();
        EncoderDecoder model = new EncoderDecoder(smallConfig(v, 0.0), seed);
        Trainer trainer = new Trainer(Trainable.of(model), new LabelSmoothingLoss(smoothing, Vocabulary.PAD),
                Adam.paper(model.parameters()), new NoamSchedule(32, 100, 0.3), 1.0);
        TrainingHistory history = trainer.train(new BatchStream(split.train(), v, 32, seed), steps);
        double accuracy = new GreedyDecoder(model, 12).exactMatch(split.heldOut(), v);
        System.out.printf(Locale.ROOT, "%s: %d steps in %.1f s, final loss %.4f, held-out exact match %.1f%% of %d%n",
                task.name(), history.size(), history.seconds(), history.recentLoss(20), 100 * accuracy,
                split.heldOut().size());
        assertEquals(steps, history.size());
        return accuracy;
    }

    @Test
    void theCopyTaskReachesPerfectHeldOutAccuracyWithinNineHundredSteps() {
        CopyTask task = new CopyTask(8, 3, 8);
        Split split = task.split(2000, 200, 1);
        assertEquals(1.0, trainAndMeasure(task, split, 0.0, 900, 7));
    }

    @Test
    void theDateTaskReaches95PercentHeldOutAccuracyWithinFiveHundredSteps() {
        DateTask task = DateTask.standard();
        Split split = task.split(3000, 200, 1);
        double accuracy = trainAndMeasure(task, split, 0.1, 500, 7);
        assertTrue(accuracy >= 0.95, "held-out exact match " + accuracy);
    }

    @Test
    void theSameSeedsGiveBitIdenticalLossesEvenWithDropout() {
        CopyTask task = new CopyTask(8, 3, 8);
        Split split = task.split(200, 10, 1);
        double[] first = fewSteps(task, split, 3);
        double[] second = fewSteps(task, split, 3);
        assertArrayEquals(first, second, 0.0);
        assertEquals(Arrays.toString(first), Arrays.toString(second));
        assertFalse(Arrays.equals(first, fewSteps(task, split, 4)), "another seed gives other losses");
    }

    private static double[] fewSteps(CopyTask task, Split split, long seed) {
        Vocabulary v = task.vocabulary();
        EncoderDecoder model = new EncoderDecoder(smallConfig(v, 0.1), seed);
        return new Trainer(Trainable.of(model), new LabelSmoothingLoss(0.1, Vocabulary.PAD),
                Adam.paper(model.parameters()), new NoamSchedule(32, 100, 0.3), 1.0)
                .train(new BatchStream(split.train(), v, 16, seed), 5).losses();
    }
}
