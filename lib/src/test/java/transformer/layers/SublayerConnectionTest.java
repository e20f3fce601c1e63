package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class SublayerConnectionTest {

    /** A sublayer that ignores its input and returns a fixed matrix: shows where the norm sits. */
    private static Sublayer constant(SimpleMatrix c) {
        return new Sublayer() {
            @Override
            public SimpleMatrix forward(SimpleMatrix x) {
                return c;
            }

            @Override
            public SimpleMatrix backward(SimpleMatrix dOut) {
                return new SimpleMatrix(dOut.getNumRows(), dOut.getNumCols());
            }
        };
    }

    @Test
    void postNormNormalisesTheSumOfInputAndSublayerOutput() {
        SublayerConnection connection = new SublayerConnection("s", 4, 0.0, NormPlacement.POST_NORM, new SplittableRandom(1));
        SimpleMatrix x = new SimpleMatrix(new double[][] {{1, 0, 0, 0}});
        SimpleMatrix c = new SimpleMatrix(new double[][] {{0, 0, 0, 3}});
        SimpleMatrix y = connection.forward(x, constant(c));
        // norm([1, 0, 0, 3]): mean 1, biased variance 1.5
        double inv = 1 / Math.sqrt(1.5 + 1e-5);
        assertArrayEquals(new double[] {0, -inv, -inv, 2 * inv}, y.getDDRM().data, 1e-12);
    }

    @Test
    void preNormAddsTheSublayerOutputToTheUnnormalisedInput() {
        SublayerConnection connection = new SublayerConnection("s", 4, 0.0, NormPlacement.PRE_NORM, new SplittableRandom(1));
        SimpleMatrix x = new SimpleMatrix(new double[][] {{1, 0, 0, 0}});
        SimpleMatrix c = new SimpleMatrix(new double[][] {{0, 0, 0, 3}});
        SimpleMatrix y = connection.forward(x, constant(c));
        assertArrayEquals(new double[] {1, 0, 0, 3}, y.getDDRM().data, 0);
    }

    @Test
    void preNormFeedsTheNormalisedInputToTheSublayer() {
        SublayerConnection connection = new SublayerConnection("s", 2, 0.0, NormPlacement.PRE_NORM, new SplittableRandom(1));
        SimpleMatrix[] seen = new SimpleMatrix[1];
        connection.forward(new SimpleMatrix(new double[][] {{5, 9}}), new Sublayer() {
            @Override
            public SimpleMatrix forward(SimpleMatrix x) {
                seen[0] = x;
                return x;
            }

            @Override
            public SimpleMatrix backward(SimpleMatrix dOut) {
                return dOut;
            }
        });
        assertEquals(-1.0, seen[0].get(0, 0), 1e-5);
        assertEquals(1.0, seen[0].get(0, 1), 1e-5);
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void backwardMatchesFiniteDifferencesAroundAFeedForwardSublayer(NormPlacement placement) {
        SplittableRandom random = new SplittableRandom(4);
        SublayerConnection connection = new SublayerConnection("s", 4, 0.0, placement, random);
        connection.norm().gain().value().setTo(Fixtures.gaussian(1, 4, 11));
        PositionwiseFeedForward ffn = new PositionwiseFeedForward("ffn", 4, 6, random);
        SimpleMatrix x = Fixtures.gaussian(3, 4, 1);
        SimpleMatrix r = Fixtures.gaussian(3, 4, 2);
        connection.zeroGrad();
        ffn.zeroGrad();
        connection.forward(x, ffn);
        SimpleMatrix dx = connection.backward(r);
        var all = new java.util.ArrayList<>(connection.parameters());
        all.addAll(ffn.parameters());
        GradientCheck.parameters(all, () -> Fixtures.dot(connection.forward(x, ffn), r)).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, () -> Fixtures.dot(connection.forward(x, ffn), r)).assertBelow(1e-6);
    }
}
