package transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.layers.Embedding;
import transformer.layers.WeightInit;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class TiedGeneratorTest {

    @Test
    void tiedScoresAreTheInputTimesTheEmbeddingTableTransposedAndTheGradientGoesIntoTheTable() {
        Embedding embedding = new Embedding("embedding", 9, 5, 1.0, WeightInit.normal(0.7), new SplittableRandom(2));
        Generator generator = Generator.tiedTo(embedding);
        assertTrue(generator.isTied());
        assertEquals(0, generator.parameters().size(), "the table belongs to the embedding");
        assertEquals(9, generator.vocabularySize());
        SimpleMatrix x = Fixtures.gaussian(4, 5, 3);
        SimpleMatrix expected = Generator.logSoftmax(x.mult(embedding.table().value().transpose()));
        assertTrue(expected.isIdentical(generator.forward(x), 1e-13));
        SimpleMatrix r = Fixtures.gaussian(4, 9, 4);
        embedding.zeroGrad();
        generator.forward(x);
        SimpleMatrix dx = generator.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(generator.forward(x), r);
        GradientCheck.parameters(embedding.parameters(), loss).assertBelow(1e-8);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-8);
    }
}
