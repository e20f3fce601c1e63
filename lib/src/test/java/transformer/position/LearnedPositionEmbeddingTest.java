package transformer.position;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class LearnedPositionEmbeddingTest {

    @Test
    void addsTheTrainedRowOfEachPosition() {
        LearnedPositionEmbedding positions = new LearnedPositionEmbedding("pos", 5, 3, new SplittableRandom(1));
        SimpleMatrix out = positions.forward(new SimpleMatrix(4, 3), 2);
        for (int c = 0; c < 3; c++) {
            assertEquals(positions.table().value().get(1, c), out.get(1, c), 0);
            assertEquals(positions.table().value().get(1, c), out.get(3, c), 0);
        }
        assertEquals("pos.table", positions.parameters().get(0).name());
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        LearnedPositionEmbedding positions = new LearnedPositionEmbedding("pos", 6, 3, new SplittableRandom(2));
        SimpleMatrix x = Fixtures.gaussian(8, 3, 1);
        SimpleMatrix r = Fixtures.gaussian(8, 3, 2);
        positions.zeroGrad();
        positions.forward(x, 4);
        SimpleMatrix dx = positions.backward(r);
        GradientCheck.parameters(positions.parameters(), () -> Fixtures.dot(positions.forward(x, 4), r)).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, () -> Fixtures.dot(positions.forward(x, 4), r)).assertBelow(1e-6);
    }
}
