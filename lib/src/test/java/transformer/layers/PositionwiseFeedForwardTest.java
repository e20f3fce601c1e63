package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class PositionwiseFeedForwardTest {

    @Test
    void isReluBetweenTwoLinearMaps() {
        PositionwiseFeedForward ffn = new PositionwiseFeedForward("ffn", 1, 2, new SplittableRandom(1));
        // W_1 = [1, -1], W_2 = [[1], [1]]: FFN(x) = max(0, x) + max(0, -x) = |x|
        ffn.parameters().get(0).value().setTo(new SimpleMatrix(new double[][] {{1, -1}}));
        ffn.parameters().get(2).value().setTo(new SimpleMatrix(new double[][] {{1}, {1}}));
        SimpleMatrix y = ffn.forward(new SimpleMatrix(new double[][] {{3}, {-2}}));
        assertEquals(3.0, y.get(0, 0), 1e-15);
        assertEquals(2.0, y.get(1, 0), 1e-15);
        assertEquals("ffn.W_1", ffn.parameters().get(0).name());
        assertEquals("ffn.b_2", ffn.parameters().get(3).name());
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        PositionwiseFeedForward ffn = new PositionwiseFeedForward("ffn", 4, 8, new SplittableRandom(3));
        ffn.parameters().get(1).value().setTo(Fixtures.gaussian(1, 8, 8));
        SimpleMatrix x = Fixtures.gaussian(5, 4, 1);
        SimpleMatrix r = Fixtures.gaussian(5, 4, 2);
        ffn.zeroGrad();
        ffn.forward(x);
        SimpleMatrix dx = ffn.backward(r);
        GradientCheck.parameters(ffn.parameters(), () -> Fixtures.dot(ffn.forward(x), r)).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, () -> Fixtures.dot(ffn.forward(x), r)).assertBelow(1e-6);
    }
}
