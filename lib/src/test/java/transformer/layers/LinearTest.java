package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class LinearTest {

    @Test
    void computesXTimesWPlusBiasForEveryRow() {
        Linear linear = new Linear("proj", 2, 3, new SplittableRandom(1));
        linear.weight().value().setTo(new SimpleMatrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        linear.bias().value().setTo(new SimpleMatrix(new double[][] {{0.5, -1, 0}}));
        SimpleMatrix y = linear.forward(new SimpleMatrix(new double[][] {{1, 0}, {1, 1}}));
        // row 0: [1 2 3] + b ; row 1: [5 7 9] + b
        assertEquals(1.5, y.get(0, 0), 0);
        assertEquals(1.0, y.get(0, 1), 0);
        assertEquals(3.0, y.get(0, 2), 0);
        assertEquals(5.5, y.get(1, 0), 0);
        assertEquals(6.0, y.get(1, 1), 0);
        assertEquals(9.0, y.get(1, 2), 0);
    }

    @Test
    void backwardMatchesFiniteDifferencesForWeightsBiasAndInput() {
        Linear linear = new Linear("proj", 5, 4, new SplittableRandom(2));
        linear.bias().value().setTo(Fixtures.gaussian(1, 4, 9)); // a non-zero bias, so its use is tested
        SimpleMatrix x = Fixtures.gaussian(6, 5, 3);
        SimpleMatrix r = Fixtures.gaussian(6, 4, 4);
        linear.zeroGrad();
        linear.forward(x);
        SimpleMatrix dx = linear.backward(r);
        GradientCheck.parameters(linear.parameters(), () -> Fixtures.dot(linear.forward(x), r)).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, () -> Fixtures.dot(linear.forward(x), r)).assertBelow(1e-6);
    }

    @Test
    void parametersAreNamedAfterTheLayer() {
        Linear linear = new Linear("encoder.proj", 3, 2, new SplittableRandom(1));
        assertEquals("encoder.proj.W", linear.parameters().get(0).name());
        assertEquals("encoder.proj.b", linear.parameters().get(1).name());
        assertEquals(3 * 2 + 2, linear.parameterCount());
    }

    @Test
    void xavierInitialisationStaysWithinItsBound() {
        Linear linear = new Linear("proj", 64, 64, new SplittableRandom(5));
        double bound = Math.sqrt(6.0 / 128);
        SimpleMatrix w = linear.weight().value();
        double maxAbs = w.elementMaxAbs();
        assertEquals(true, maxAbs <= bound && maxAbs > 0.9 * bound, "max |w| " + maxAbs + " vs bound " + bound);
        assertEquals(0.0, linear.bias().value().elementMaxAbs(), 0);
    }
}
