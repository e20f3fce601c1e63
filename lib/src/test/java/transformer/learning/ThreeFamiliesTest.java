package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import transformer.data.Batch;
import transformer.data.BatchStream;
import transformer.data.CopyTask;
import transformer.data.DateTask;
import transformer.data.Example;
import transformer.data.Split;
import transformer.data.Vocabulary;
import transformer.decoding.GreedyDecoder;
import transformer.decoding.NextTokenScorer;
import transformer.layers.NormPlacement;
import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderClassifier;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;

/** The encoder-only and decoder-only families train through the same Trainer, within step budgets. */
class ThreeFamiliesTest {

    private static TransformerConfig config(int vocabulary) {
        return new TransformerConfig(vocabulary, vocabulary, 32, 4, 1, 64, 0.0, 32, NormPlacement.POST_NORM,
                PositionKind.SINUSOIDAL, TransformerConfig.PAD_ID);
    }

    @Test
    void aLanguageModelTrainedOnIsoDatesForTwoHundredFiftyStepsWritesRealDates() {
        DateTask task = DateTask.standard();
        Vocabulary v = task.vocabulary();
        Split split = task.split(3000, 10, 2);
        DecoderOnlyLanguageModel model = new DecoderOnlyLanguageModel(config(v.size()), 5);
        Trainer trainer = new Trainer(Trainable.of(model), new LabelSmoothingLoss(0.0, Vocabulary.PAD),
                Adam.paper(model.parameters()), new NoamSchedule(32, 100, 0.3), 1.0);
        int steps = 250;
        TrainingHistory h = trainer.train(new BatchStream(split.train(), 32, 5,
                part -> Batch.sequences(targets(part, v))), steps);
        int real = 0;
        List<String> written = new ArrayList<>();
        String[] prompts = {"1", "2", "1 9", "2 0", "1 9 5", "2 0 7", "1 8", "2 0 9 9"};
        for (String prompt : prompts) {
            int[] ids = v.encode(List.of(prompt.split(" ")));
            GreedyDecoder.Result r = GreedyDecoder.search(NextTokenScorer.of(model, ids), 12);
            String text = prompt.replace(" ", "") + String.join("", v.decode(r.tokens()));
            written.add(text);
            try {
                LocalDate.parse(text);
                real++;
            } catch (java.time.DateTimeException e) {
                // counted as not real
            }
        }
        System.out.printf(Locale.ROOT, "DecoderOnlyLanguageModel: %d steps in %.1f s, loss %.4f, wrote %s%n",
                h.size(), h.seconds(), h.recentLoss(20), written);
        assertTrue(real >= prompts.length - 1, "dates written: " + written);
    }

    @Test
    void anEncoderClassifierLearnsWithinOneHundredFiftyStepsWhetherASequenceContainsTheLetterA() {
        CopyTask task = new CopyTask(8, 3, 8);
        Vocabulary v = task.vocabulary();
        Split split = task.split(2000, 200, 3);
        EncoderClassifier model = new EncoderClassifier(config(v.size()), 2, 5);
        Trainer trainer = new Trainer(Trainable.of(model), new LabelSmoothingLoss(0.0, -1),
                Adam.paper(model.parameters()), new NoamSchedule(32, 100, 0.3), 1.0);
        int steps = 150;
        TrainingHistory h = trainer.train(new BatchStream(split.train(), 32, 5, part -> labelled(part, v)), steps);
        Batch heldOut = labelled(split.heldOut(), v);
        SimpleMatrix logProbs = model.forward(heldOut.source());
        int correct = 0;
        for (int b = 0; b < heldOut.size(); b++) {
            int guess = logProbs.get(b, 1) > logProbs.get(b, 0) ? 1 : 0;
            correct += guess == heldOut.labels()[b] ? 1 : 0;
        }
        double accuracy = correct / (double) heldOut.size();
        System.out.printf(Locale.ROOT, "EncoderClassifier: %d steps in %.1f s, loss %.4f, held-out accuracy %.1f%%%n",
                h.size(), h.seconds(), h.recentLoss(20), 100 * accuracy);
        assertEquals(steps, h.size());
        assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
    }

    private static List<int[]> targets(List<Example> examples, Vocabulary v) {
        List<int[]> out = new ArrayList<>();
        examples.forEach(e -> out.add(v.encode(e.target())));
        return out;
    }

    private static Batch labelled(List<Example> examples, Vocabulary v) {
        List<int[]> sequences = new ArrayList<>();
        int[] labels = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            sequences.add(v.encode(examples.get(i).source()));
            labels[i] = examples.get(i).source().contains("a") ? 1 : 0;
        }
        return Batch.labelled(sequences, labels);
    }
}
