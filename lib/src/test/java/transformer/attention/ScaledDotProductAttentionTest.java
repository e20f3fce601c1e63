package transformer.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class ScaledDotProductAttentionTest {

    @Test
    void scalesScoresBySquareRootOfKeyWidth() {
        // d_k = 16: q = 0.25·1, k_0 = 0, k_1 = 1, so q·k_1 = 4 and the scaled score is 4/√16 = 1.
        SimpleMatrix q = new SimpleMatrix(1, 16);
        q.fill(0.25);
        SimpleMatrix k = new SimpleMatrix(2, 16);
        for (int c = 0; c < 16; c++) {
            k.set(1, c, 1.0);
        }
        SimpleMatrix v = new SimpleMatrix(new double[][] {{0}, {1}});
        ScaledDotProductAttention.Result result = new ScaledDotProductAttention().forward(q, k, v);
        double expected = Math.E / (1 + Math.E); // softmax([0, 1])[1]; √2 would give 0.944, d_k 0.562, no scaling 0.982
        assertEquals(expected, result.weights().get(0, 1), 1e-15);
        assertEquals(1 - expected, result.weights().get(0, 0), 1e-15);
        assertEquals(expected, result.output().get(0, 0), 1e-15);
    }

    @Test
    void weightRowsSumToOneAndOutputHasTheValuesWidth() {
        ScaledDotProductAttention.Result result = new ScaledDotProductAttention().forward(
                Fixtures.gaussian(3, 4, 1), Fixtures.gaussian(5, 4, 2), Fixtures.gaussian(5, 7, 3));
        assertEquals(3, result.output().getNumRows());
        assertEquals(7, result.output().getNumCols());
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, result.weights().extractVector(true, i).elementSum(), 1e-14);
            assertTrue(result.weights().extractVector(true, i).elementMin() >= 0);
        }
    }

    @Test
    void causalMaskGivesZeroWeightAboveTheDiagonal() {
        SimpleMatrix x = Fixtures.gaussian(4, 3, 5);
        SimpleMatrix w = new ScaledDotProductAttention().forward(x, x, x, AttentionMask.causal(4)).weights();
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                assertEquals(0.0, w.get(i, j), 0);
            }
            assertEquals(1.0, w.extractVector(true, i).elementSum(), 1e-14);
        }
        assertEquals(1.0, w.get(0, 0), 0);
    }

    @Test
    void aFullyMaskedRowGivesZeroWeightsAndZeroOutputNotNaN() {
        AttentionMask mask = AttentionMask.of(new boolean[][] {{true, false}, {false, false}});
        ScaledDotProductAttention attention = new ScaledDotProductAttention();
        SimpleMatrix q = Fixtures.gaussian(2, 3, 1);
        SimpleMatrix k = Fixtures.gaussian(2, 3, 2);
        SimpleMatrix v = Fixtures.gaussian(2, 3, 3);
        ScaledDotProductAttention.Result result = attention.forward(q, k, v, mask);
        assertEquals(0.0, result.weights().extractVector(true, 1).elementMaxAbs(), 0);
        assertEquals(0.0, result.output().extractVector(true, 1).elementMaxAbs(), 0);
        assertEquals(1.0, result.weights().get(0, 0), 0);
        ScaledDotProductAttention.Gradients g = attention.backward(Fixtures.gaussian(2, 3, 4));
        assertTrue(!g.dQuery().hasUncountable() && !g.dKey().hasUncountable() && !g.dValue().hasUncountable());
        assertEquals(0.0, g.dQuery().extractVector(true, 1).elementMaxAbs(), 0);
    }

    @Test
    void backwardMatchesFiniteDifferencesWithoutAMask() {
        checkGradients(null);
    }

    @Test
    void backwardMatchesFiniteDifferencesWithAMaskIncludingAFullyMaskedRow() {
        checkGradients(AttentionMask.of(new boolean[][] {
                {true, false, true, true}, {false, false, false, false}, {true, true, false, false}}));
    }

    private static void checkGradients(AttentionMask mask) {
        SimpleMatrix q = Fixtures.gaussian(3, 5, 1);
        SimpleMatrix k = Fixtures.gaussian(4, 5, 2);
        SimpleMatrix v = Fixtures.gaussian(4, 2, 3);
        SimpleMatrix r = Fixtures.gaussian(3, 2, 4);
        ScaledDotProductAttention attention = new ScaledDotProductAttention();
        attention.forward(q, k, v, mask);
        ScaledDotProductAttention.Gradients g = attention.backward(r);
        java.util.function.DoubleSupplier loss = () -> Fixtures.dot(attention.forward(q, k, v, mask).output(), r);
        GradientCheck.input("Q", q, g.dQuery(), loss).assertBelow(1e-6);
        GradientCheck.input("K", k, g.dKey(), loss).assertBelow(1e-6);
        GradientCheck.input("V", v, g.dValue(), loss).assertBelow(1e-6);
    }
}
