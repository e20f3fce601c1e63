package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class LayerNormTest {

    @Test
    void followsPyTorchsDefinitionWithBiasedVarianceAndEpsInsideTheRoot() {
        LayerNorm norm = new LayerNorm("ln", 4);
        SimpleMatrix y = norm.forward(new SimpleMatrix(new double[][] {{1, 2, 3, 4}}));
        // mean 2.5, biased variance 1.25 (the unbiased one would be 5/3)
        double inv = 1 / Math.sqrt(1.25 + 1e-5);
        assertEquals(-1.5 * inv, y.get(0, 0), 1e-15);
        assertEquals(-0.5 * inv, y.get(0, 1), 1e-15);
        assertEquals(0.5 * inv, y.get(0, 2), 1e-15);
        assertEquals(1.5 * inv, y.get(0, 3), 1e-15);
    }

    @Test
    void epsKeepsAConstantRowFinite() {
        LayerNorm norm = new LayerNorm("ln", 3);
        SimpleMatrix y = norm.forward(new SimpleMatrix(new double[][] {{7, 7, 7}}));
        assertEquals(0.0, y.elementMaxAbs(), 0);
    }

    @Test
    void appliesGainAndBiasPerFeature() {
        LayerNorm norm = new LayerNorm("ln", 2);
        norm.gain().value().setTo(new SimpleMatrix(new double[][] {{2, 3}}));
        norm.bias().value().setTo(new SimpleMatrix(new double[][] {{10, 20}}));
        SimpleMatrix y = norm.forward(new SimpleMatrix(new double[][] {{0, 2}}));
        double xHat = 1 / Math.sqrt(1 + 1e-5);
        assertEquals(10 - 2 * xHat, y.get(0, 0), 1e-12);
        assertEquals(20 + 3 * xHat, y.get(0, 1), 1e-12);
    }

    @Test
    void backwardMatchesFiniteDifferencesForGainBiasAndInput() {
        LayerNorm norm = new LayerNorm("ln", 6);
        norm.gain().value().setTo(Fixtures.gaussian(1, 6, 1));
        norm.bias().value().setTo(Fixtures.gaussian(1, 6, 2));
        SimpleMatrix x = Fixtures.gaussian(5, 6, 3);
        SimpleMatrix r = Fixtures.gaussian(5, 6, 4);
        norm.zeroGrad();
        norm.forward(x);
        SimpleMatrix dx = norm.backward(r);
        GradientCheck.parameters(norm.parameters(), () -> Fixtures.dot(norm.forward(x), r)).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, () -> Fixtures.dot(norm.forward(x), r)).assertBelow(1e-6);
    }
}
