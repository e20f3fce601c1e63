package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

/** The pieces GPT-2-style models use: GELU, layers without biases, GPT-2's initialisation. */
class GptLayersTest {

    @Test
    void geluDerivativeMatchesFiniteDifferencesAndGeluBehavesLikeASmoothRelu() {
        for (double x = -7; x <= 7; x += 0.37) {
            double h = 1e-5;
            double numeric = (Gelu.value(x + h) - Gelu.value(x - h)) / (2 * h);
            assertEquals(numeric, Gelu.derivative(x), 1e-9, "GELU'(" + x + ")");
        }
        assertEquals(0.0, Gelu.value(0.0), 0.0);
        assertEquals(8.0, Gelu.value(8.0), 1e-12, "large inputs pass through");
        assertEquals(0.0, Gelu.value(-8.0), 1e-12, "large negative inputs are stopped");
        assertTrue(Gelu.value(-0.5) < 0, "a slightly negative input passes a little, negatively");
        assertEquals(-Gelu.erf(1.3), Gelu.erf(-1.3), 0.0, "erf is odd");
    }

    @Test
    void geluFromItsCdfGivesTheSameBitsAsGeluFromScratch() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            double x = random.nextGaussian() * (i % 3 == 0 ? 4 : 1);
            double cdf = Gelu.cdf(x);
            assertEquals(Double.doubleToRawLongBits(Gelu.value(x)), Double.doubleToRawLongBits(Gelu.value(x, cdf)),
                    "GELU(" + x + ")");
            assertEquals(Double.doubleToRawLongBits(Gelu.derivative(x)),
                    Double.doubleToRawLongBits(Gelu.derivative(x, cdf)), "GELU'(" + x + ")");
        }
    }

    @Test
    void geluFeedForwardWithoutBiasesHasOnlyItsTwoMatricesAndAMatchingBackward() {
        PositionwiseFeedForward ffn = new PositionwiseFeedForward("ffn", 6, 12, Activation.GELU, false,
                WeightInit.xavierUniform(), WeightInit.normal(0.3), new SplittableRandom(4));
        assertEquals(List.of("ffn.W_1", "ffn.W_2"), ffn.parameters().stream().map(Parameter::name).toList());
        SimpleMatrix x = Fixtures.gaussian(5, 6, 1);
        SimpleMatrix r = Fixtures.gaussian(5, 6, 2);
        ffn.zeroGrad();
        ffn.forward(x);
        SimpleMatrix dx = ffn.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(ffn.forward(x), r);
        GradientCheck.parameters(ffn.parameters(), loss).assertBelow(1e-7);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-7);
    }

    @Test
    void linearWithoutBiasIsXTimesWAndItsBackwardMatches() {
        Linear layer = Linear.withoutBias("proj", "proj.W", 4, 3, WeightInit.normal(0.5), new SplittableRandom(3));
        assertNull(layer.bias());
        assertEquals(1, layer.parameters().size());
        SimpleMatrix x = Fixtures.gaussian(5, 4, 6);
        SimpleMatrix y = layer.forward(x);
        assertTrue(x.mult(layer.weight().value()).isIdentical(y, 1e-14));
        SimpleMatrix r = Fixtures.gaussian(5, 3, 7);
        layer.zeroGrad();
        layer.forward(x);
        SimpleMatrix dx = layer.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(layer.forward(x), r);
        GradientCheck.parameters(layer.parameters(), loss).assertBelow(1e-8);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-8);
    }

    @Test
    void layerNormWithoutBiasHasOnlyAGainAndItsBackwardMatches() {
        LayerNorm norm = LayerNorm.withoutBias("norm", 6);
        assertNull(norm.bias());
        assertEquals(List.of("norm.gain"), norm.parameters().stream().map(Parameter::name).toList());
        norm.gain().value().setTo(norm.gain().value().plus(Fixtures.gaussian(1, 6, 8).scale(0.3)));
        SimpleMatrix x = Fixtures.gaussian(4, 6, 9).scale(2);
        SimpleMatrix r = Fixtures.gaussian(4, 6, 10);
        norm.zeroGrad();
        norm.forward(x);
        SimpleMatrix dx = norm.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(norm.forward(x), r);
        GradientCheck.parameters(norm.parameters(), loss).assertBelow(1e-8);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-8);
    }

    @Test
    void normalInitHasTheAskedSpreadAndRejectsANonPositiveOne() {
        Parameter p = WeightInit.normal(0.02).create("w", 200, 100, new SplittableRandom(1));
        double sum = 0;
        double squares = 0;
        for (double v : p.value().getDDRM().data) {
            sum += v;
            squares += v * v;
        }
        int n = p.size();
        assertEquals(0.0, sum / n, 0.0005);
        assertEquals(0.02, Math.sqrt(squares / n - (sum / n) * (sum / n)), 0.0005);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightInit.normal(0));
        assertTrue(e.getMessage().contains("0.02"), e.getMessage());
    }
}
