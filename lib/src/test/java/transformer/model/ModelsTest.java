package transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import transformer.layers.NormPlacement;
import transformer.layers.Parameter;
import transformer.learning.GradientCheck;
import transformer.position.PositionKind;
import transformer.testing.Fixtures;

class ModelsTest {

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void encoderClassifierBackwardMatchesFiniteDifferences(NormPlacement placement) {
        EncoderClassifier model = new EncoderClassifier(Fixtures.gradientCheckConfig(placement).withLayers(1), 3, 2);
        int[][] tokens = {{4, 5, 6, 2}, {3, 4, 0, 0}};
        SimpleMatrix r = Fixtures.gaussian(2, 3, 7);
        model.zeroGrad();
        SimpleMatrix lp = model.forward(tokens);
        assertEquals(2, lp.getNumRows());
        assertEquals(3, lp.getNumCols());
        model.backward(r);
        GradientCheck.parameters(model.parameters(), () -> Fixtures.dot(model.forward(tokens), r)).assertBelow(1e-6);
    }

    @Test
    void encoderClassifierIgnoresPadding() {
        EncoderClassifier model = new EncoderClassifier(TransformerConfig.tiny(10).withDropout(0), 2, 1);
        SimpleMatrix short1 = model.forward(new int[][] {{4, 5, 6}});
        SimpleMatrix padded = model.forward(new int[][] {{4, 5, 6, 0, 0}});
        assertTrue(short1.isIdentical(padded, 1e-12));
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void decoderOnlyLanguageModelBackwardMatchesFiniteDifferences(NormPlacement placement) {
        TransformerConfig config = Fixtures.gradientCheckConfig(placement).withPositions(PositionKind.LEARNED);
        DecoderOnlyLanguageModel model = new DecoderOnlyLanguageModel(config, 4);
        int[][] tokens = {{1, 5, 6, 7}, {1, 8, 0, 0}};
        SimpleMatrix r = Fixtures.gaussian(8, 9, 3);
        model.zeroGrad();
        model.forward(tokens);
        model.backward(r);
        GradientCheck.parameters(model.parameters(), () -> Fixtures.dot(model.forward(tokens), r)).assertBelow(1e-6);
    }

    @Test
    void languageModelPredictionsDependOnlyOnEarlierTokens() {
        DecoderOnlyLanguageModel model = new DecoderOnlyLanguageModel(TransformerConfig.tiny(12).withDropout(0), 5);
        SimpleMatrix a = model.forward(new int[][] {{1, 5, 6, 7, 8}});
        SimpleMatrix b = model.forward(new int[][] {{1, 5, 6, 9, 4}});
        assertTrue(a.extractMatrix(0, 3, 0, 12).isIdentical(b.extractMatrix(0, 3, 0, 12), 1e-12));
        assertFalse(a.extractMatrix(3, 5, 0, 12).isIdentical(b.extractMatrix(3, 5, 0, 12), 1e-6));
        assertEquals(0.0, model.selfAttention(0).get(1).get(2).get(1, 4), 0);
    }

    @Test
    void decoderPredictionsDependOnlyOnEarlierTargetTokensButOnTheWholeSource() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(12).withDropout(0), 6);
        int[][] source = {{4, 5, 6, 7}};
        SimpleMatrix a = model.forward(source, new int[][] {{1, 8, 9, 10}});
        SimpleMatrix b = model.forward(source, new int[][] {{1, 8, 4, 4}});
        assertTrue(a.extractMatrix(0, 2, 0, 12).isIdentical(b.extractMatrix(0, 2, 0, 12), 1e-12));
        SimpleMatrix c = model.forward(new int[][] {{4, 5, 6, 11}}, new int[][] {{1, 8, 9, 10}});
        assertFalse(a.extractMatrix(0, 1, 0, 12).isIdentical(c.extractMatrix(0, 1, 0, 12), 1e-6));
    }

    @Test
    void sourcePaddingChangesNothingForTheRealTokens() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(12).withDropout(0), 7);
        int[][] target = {{1, 8, 9}};
        SimpleMatrix alone = model.forward(new int[][] {{4, 5, 6}}, target);
        SimpleMatrix padded = model.forward(new int[][] {{4, 5, 6, 0, 0}}, target);
        assertTrue(alone.isIdentical(padded, 1e-12));
        assertEquals(0.0, model.crossAttention(0).get(0).get(0).extractVector(false, 4).elementMaxAbs(), 0);
        assertEquals(5, model.encoderSelfAttention(0).get(1).get(3).getNumCols());
        assertEquals(3, model.decoderSelfAttention(0).get(1).get(3).getNumCols());
        assertEquals(2, model.crossAttention(0).size());
        assertEquals(4, model.crossAttention(0).get(0).size());
    }

    @Test
    void anAllPaddingSourceRowGivesFiniteOutputs() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(12).withDropout(0), 8);
        SimpleMatrix lp = model.forward(new int[][] {{0, 0, 0}, {4, 5, 6}}, new int[][] {{1, 8}, {1, 9}});
        assertFalse(lp.hasUncountable());
        model.backward(lp);
        for (Parameter p : model.parameters()) {
            assertFalse(p.grad().hasUncountable(), p.name());
        }
    }

    @Test
    void dropoutMakesTrainingPassesDifferAndEvaluationPassesRepeat() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(12), 9);
        int[][] source = {{4, 5, 6}};
        int[][] target = {{1, 8, 9}};
        assertTrue(model.isTraining());
        assertFalse(model.forward(source, target).isIdentical(model.forward(source, target), 1e-9));
        model.setTraining(false);
        assertTrue(model.forward(source, target).isIdentical(model.forward(source, target), 0));
    }

    @Test
    void theSameSeedGivesTheSameDropoutMasks() {
        int[][] source = {{4, 5, 6}};
        int[][] target = {{1, 8, 9}};
        SimpleMatrix a = new EncoderDecoder(TransformerConfig.tiny(12), 3).forward(source, target);
        SimpleMatrix b = new EncoderDecoder(TransformerConfig.tiny(12), 3).forward(source, target);
        assertArrayEquals(a.getDDRM().data, b.getDDRM().data, 0);
    }

    @Test
    void parameterNamesAreUniqueAndHierarchical() {
        for (NormPlacement placement : NormPlacement.values()) {
            List<Parameter> params = new EncoderDecoder(TransformerConfig.small(20).withNormPlacement(placement), 1)
                    .parameters();
            Set<String> names = new HashSet<>();
            for (Parameter p : params) {
                assertTrue(names.add(p.name()), "duplicate " + p.name());
            }
            assertTrue(names.contains("encoder.layers.0.selfAttention.W_Q"));
            assertTrue(names.contains("decoder.layers.1.crossAttention.W_O"));
            assertTrue(names.contains("decoder.layers.1.feedForward.W_2"));
            assertTrue(names.contains("encoder.layers.1.sublayer1.norm.gain"));
            assertTrue(names.contains("generator.W"));
            assertEquals(placement == NormPlacement.PRE_NORM, names.contains("encoder.norm.gain"),
                    "pre-norm stacks end with a final norm, post-norm stacks do not");
            assertEquals(placement == NormPlacement.PRE_NORM, names.contains("decoder.norm.gain"));
        }
    }

    @Test
    void parameterCountMatchesTheFormulaForEachPart() {
        int v = 20;
        int d = 64;
        int dff = 256;
        long attention = 4L * d * d + 4 * d;
        long ffn = 2L * d * dff + dff + d;
        long norm = 2L * d;
        long encoderLayer = attention + ffn + 2 * norm;
        long decoderLayer = 2 * attention + ffn + 3 * norm;
        long expected = 2L * v * d + 2 * encoderLayer + 2 * decoderLayer + (long) d * v + v;
        assertEquals(expected, new EncoderDecoder(TransformerConfig.small(v), 1).parameterCount());
    }

    @Test
    void postNormAndPreNormGiveDifferentOutputsFromTheSameWeights() {
        int[][] source = {{4, 5, 6}};
        int[][] target = {{1, 8, 9}};
        EncoderDecoder post = new EncoderDecoder(TransformerConfig.tiny(12).withDropout(0), 1);
        EncoderDecoder pre = new EncoderDecoder(TransformerConfig.tiny(12).withDropout(0)
                .withNormPlacement(NormPlacement.PRE_NORM), 1);
        assertFalse(post.forward(source, target).isIdentical(pre.forward(source, target), 1e-6));
    }
}
