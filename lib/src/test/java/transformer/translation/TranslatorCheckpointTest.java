package transformer.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import transformer.checkpoint.Checkpoint;
import transformer.checkpoint.CourseCheckpoints;

/**
 * The shipped translator (notebooks/checkpoints/translator.ckpt with its two tokenizers, made by
 * {@link CourseTranslator#train}) loads with the recipe's config, and its training log is the run that
 * made it: one row per step, and a greedy BLEU at the last evaluation that the model, scored again here
 * on the same held-out sentences, reproduces.
 */
class TranslatorCheckpointTest {

    private static Path shipped(String name) {
        return CourseCheckpoints.find(Path.of(""), name);
    }

    private static Translator translator() {
        return Translator.load(shipped(CourseTranslator.CHECKPOINT), shipped(CourseTranslator.ENGLISH_TOKENIZER),
                shipped(CourseTranslator.FRENCH_TOKENIZER));
    }

    @Test
    void theShippedModelHasTheRecipesConfigAndItsTokenizersVocabularies() {
        Translator t = translator();
        assertEquals(CourseTranslator.ENGLISH_VOCABULARY, t.sourceTokenizer().size());
        assertEquals(CourseTranslator.FRENCH_VOCABULARY, t.targetTokenizer().size());
        assertEquals(CourseTranslator.config(CourseTranslator.ENGLISH_VOCABULARY, CourseTranslator.FRENCH_VOCABULARY),
                t.model().config());
        Checkpoint c = Checkpoint.read(shipped(CourseTranslator.CHECKPOINT));
        assertTrue(c.description().contains(CourseTranslator.STEPS + " steps of " + CourseTranslator.BATCH_SIZE + " pairs"),
                c.description());
    }

    @Test
    void theTrainingLogHasEveryStepAndItsLastBleuIsTheModelsOwn() throws IOException {
        List<String> lines = Files.readAllLines(shipped(CourseTranslator.TRAINING_LOG));
        assertEquals("step,learning rate,loss,held-out greedy BLEU", lines.get(0));
        assertEquals(CourseTranslator.STEPS + 1, lines.size());
        String[] last = lines.get(CourseTranslator.STEPS).split(",", -1);
        assertEquals(String.valueOf(CourseTranslator.STEPS), last[0]);
        assertFalse(last[3].isEmpty(), "the last step has an evaluation: " + lines.get(CourseTranslator.STEPS));
        long evaluations = lines.stream().skip(1).filter(l -> !l.endsWith(",")).count();
        assertEquals((CourseTranslator.STEPS + CourseTranslator.EVALUATE_EVERY - 1) / CourseTranslator.EVALUATE_EVERY, evaluations);

        ParallelCorpus watched = CourseTranslator.split().heldOut().first(CourseTranslator.EVALUATION_SENTENCES);
        double bleu = translator().bleu(watched, 1, 0).score();
        assertEquals(last[3], String.format(Locale.ROOT, "%.4f", bleu), "greedy BLEU on " + watched.size() + " held-out sentences");
        assertTrue(bleu >= 20, "held-out greedy BLEU " + bleu + "; the shipped model scores above 20");
    }
}
