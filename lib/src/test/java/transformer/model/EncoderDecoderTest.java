package transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import transformer.layers.NormPlacement;
import transformer.layers.Parameter;
import transformer.learning.GradientCheck;
import transformer.position.PositionKind;
import transformer.testing.Fixtures;

class EncoderDecoderTest {
    // padded with 0 (PAD): row 1 of the source and of the target end in padding
    private static final int[][] SOURCE = {{4, 5, 6, 2}, {3, 4, 0, 0}};
    private static final int[][] TARGET_INPUT = {{1, 7, 8}, {1, 5, 0}};

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void backwardMatchesFiniteDifferencesForEveryParameter(NormPlacement placement) {
        EncoderDecoder model = new EncoderDecoder(Fixtures.gradientCheckConfig(placement), 11);
        SimpleMatrix r = Fixtures.gaussian(2 * 3, 9, 5);
        model.zeroGrad();
        model.forward(SOURCE, TARGET_INPUT);
        model.backward(r);
        GradientCheck.Report report = GradientCheck.parameters(model.parameters(),
                () -> Fixtures.dot(model.forward(SOURCE, TARGET_INPUT), r));
        report.assertBelow(1e-6);
    }

    @Test
    void learnedPositionsGetGradientsToo() {
        TransformerConfig config = Fixtures.gradientCheckConfig(NormPlacement.PRE_NORM).withPositions(PositionKind.LEARNED);
        EncoderDecoder model = new EncoderDecoder(config, 3);
        SimpleMatrix r = Fixtures.gaussian(2 * 3, 9, 6);
        model.zeroGrad();
        model.forward(SOURCE, TARGET_INPUT);
        model.backward(r);
        GradientCheck.parameters(model.parameters(), () -> Fixtures.dot(model.forward(SOURCE, TARGET_INPUT), r))
                .assertBelow(1e-6);
    }

    @Test
    void outputRowsAreLogProbabilitiesOverTheTargetVocabulary() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(10, 12), 1);
        SimpleMatrix lp = model.forward(SOURCE, TARGET_INPUT);
        assertEquals(6, lp.getNumRows());
        assertEquals(12, lp.getNumCols());
        for (int row = 0; row < lp.getNumRows(); row++) {
            double sum = 0;
            for (int c = 0; c < 12; c++) {
                sum += Math.exp(lp.get(row, c));
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndADifferentSeedDoesNot() {
        List<Parameter> a = new EncoderDecoder(TransformerConfig.tiny(10), 42).parameters();
        List<Parameter> b = new EncoderDecoder(TransformerConfig.tiny(10), 42).parameters();
        List<Parameter> c = new EncoderDecoder(TransformerConfig.tiny(10), 43).parameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            assertArrayEquals(a.get(i).value().getDDRM().data, b.get(i).value().getDDRM().data, 0.0);
        }
        assertTrue(a.get(0).value().minus(c.get(0).value()).elementMaxAbs() > 0);
    }
}
