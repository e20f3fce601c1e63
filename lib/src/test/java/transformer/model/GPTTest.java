package transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.layers.Parameter;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class GPTTest {
    /** Id 0 is a real token here: a GPT has no padding. */
    private static final int[][] TOKENS = {{0, 3, 6, 2, 0}, {5, 1, 0, 4, 4}};

    private static GPT tinyModel() {
        GPT model = new GPT(GPT.config(7, 8, 2, 2, 6), 11);
        // GPT-2's init (std 0.02) makes every gradient tiny; larger weights make the check decisive
        long seed = 100;
        for (Parameter p : model.parameters()) {
            SimpleMatrix noise = Fixtures.gaussian(p.value().getNumRows(), p.value().getNumCols(), seed++).scale(0.4);
            p.value().setTo(p.value().plus(noise));
        }
        return model;
    }

    @Test
    void backwardMatchesFiniteDifferencesForEveryParameterIncludingTheTiedEmbedding() {
        GPT model = tinyModel();
        SimpleMatrix r = Fixtures.gaussian(10, 7, 3);
        model.zeroGrad();
        model.forward(TOKENS);
        model.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(model.forward(TOKENS), r);
        GradientCheck.Report report = GradientCheck.parameters(model.parameters(), loss);
        report.assertBelow(1e-6);
        assertEquals(1 + 1 + 2 * 8 + 1, report.results().size(), "E, P, 8 matrices per block, final gain: " + report);
    }

    @Test
    void hasNoBiasesAndListsTheTiedTableOnce() {
        GPT model = new GPT(GPT.config(65, 128, 4, 4, 64), 1);
        List<String> names = model.parameters().stream().map(Parameter::name).toList();
        assertFalse(names.stream().anyMatch(n -> n.contains(".b_") || n.endsWith(".bias")), names.toString());
        assertEquals(1, names.stream().filter(n -> n.equals("embedding.table")).count());
        int total = model.parameters().stream().mapToInt(Parameter::size).sum();
        // nanoGPT's count for this config: 65·128 + 64·128 + 4·(12·128² + 2·128) + 128
        assertEquals(65 * 128 + 64 * 128 + 4 * (12 * 128 * 128 + 2 * 128) + 128, total);
    }

    @Test
    void theFirstPositionSeesOnlyItselfSoLaterTokensCannotChangeItsPrediction() {
        GPT model = tinyModel();
        SimpleMatrix a = model.forward(new int[][] {{2, 3, 4}});
        SimpleMatrix b = model.forward(new int[][] {{2, 6, 0}});
        for (int c = 0; c < 7; c++) {
            assertEquals(a.get(0, c), b.get(0, c), 0.0);
        }
    }

    @Test
    void generationIsSeededAndTopOneIsGreedy() {
        GPT model = tinyModel();
        int[] first = model.generate(new int[] {1}, 12, 1.0, 0, new SplittableRandom(5));
        int[] again = model.generate(new int[] {1}, 12, 1.0, 0, new SplittableRandom(5));
        assertEquals(12, first.length);
        assertTrue(java.util.Arrays.equals(first, again));
        int[] greedy = model.generate(new int[] {1, 2}, 1, 1.0, 1, new SplittableRandom(9));
        SimpleMatrix lp = model.forward(new int[][] {{1, 2}});
        int best = 0;
        for (int c = 1; c < 7; c++) {
            if (lp.get(1, c) > lp.get(1, best)) {
                best = c;
            }
        }
        assertEquals(best, greedy[0]);
    }

    @Test
    void aCheckpointGivesBackEveryWeightBitForBitAndTheTokens(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        GPT model = tinyModel();
        java.nio.file.Path file = dir.resolve("tiny.ckpt");
        List<String> tokens = List.of("\n", " ", "a", "b", "c", "d", "e");
        transformer.checkpoint.Checkpoint.save(model, tokens, "tiny", file);
        GPT back = transformer.checkpoint.Checkpoint.loadGpt(file);
        for (int i = 0; i < model.parameters().size(); i++) {
            assertTrue(model.parameters().get(i).value().isIdentical(back.parameters().get(i).value(), 0.0));
        }
        assertEquals(tokens, transformer.checkpoint.Checkpoint.read(file).tokens());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> transformer.checkpoint.Checkpoint.save(model, List.of("a"), "", file));
        assertTrue(e.getMessage().contains("one string per token id"), e.getMessage());
    }

    @Test
    void rejectsAPostNormConfigAndAContextLongerThanTheBlock() {
        TransformerConfig post = GPT.config(7, 8, 2, 2, 6).withNormPlacement(transformer.layers.NormPlacement.POST_NORM);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GPT(post, 1));
        assertTrue(e.getMessage().contains("PRE_NORM"), e.getMessage());
        GPT model = tinyModel();
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(new int[][] {{1, 2, 3, 4, 5, 6, 1}}));
        assertTrue(e.getMessage().contains("block size"), e.getMessage());
    }
}
