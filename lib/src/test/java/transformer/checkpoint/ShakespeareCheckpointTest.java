package transformer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import transformer.data.CourseData;
import transformer.model.GPT;

/**
 * The shipped Shakespeare model (notebooks/checkpoints/shakespeare.ckpt, made by
 * {@link CourseCheckpoints#trainShakespeare}) loads with the recipe's config and tokens, and its
 * held-out loss is what the file says, near PyTorch's 1.90–1.92 for the same recipe.
 */
class ShakespeareCheckpointTest {

    @Test
    void theShippedModelHasTheRecipesConfigAndTokensAndItsHeldOutLoss() {
        Checkpoint c = Checkpoint.read(CourseCheckpoints.find(Path.of(""), CourseCheckpoints.SHAKESPEARE));
        ShakespeareRecipe.Corpus corpus = ShakespeareRecipe.corpus(CourseData.text(CourseData.SHAKESPEARE));
        assertEquals(ShakespeareRecipe.model(65, 0).config(), c.config());
        assertEquals(corpus.characters(), c.tokens());
        GPT model = c.toGpt();
        double loss = ShakespeareRecipe.loss(model, corpus.heldOut(), ShakespeareRecipe.EVAL_BATCHES, 2);
        assertTrue(c.description().contains(String.format(java.util.Locale.ROOT, "held-out loss %.4f", loss)),
                "measured " + loss + "; the file says: " + c.description());
        assertTrue(loss < 2.0, "held-out loss " + loss);
    }

    @Test
    void theShippedSamplesStartAsNoiseAndEndAsSomethingLikeShakespeare() {
        Map<Integer, String> samples = ShakespeareRecipe.readSamples(
                CourseCheckpoints.find(Path.of(""), CourseCheckpoints.SHAKESPEARE_SAMPLES));
        assertEquals(ShakespeareRecipe.STEPS / ShakespeareRecipe.EVAL_EVERY + 1, samples.size());
        String last = samples.get(ShakespeareRecipe.STEPS);
        assertEquals(200, last.length());
        assertTrue(last.contains(" the ") || last.contains(" and "), last);
    }
}
