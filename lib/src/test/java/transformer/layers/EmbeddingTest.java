package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class EmbeddingTest {

    @Test
    void looksUpTheTokensRowScaledBySquareRootOfDModel() {
        Embedding embedding = new Embedding("emb", 5, 16, new SplittableRandom(1));
        SimpleMatrix out = embedding.forward(new int[][] {{3, 1}, {0, 3}});
        assertEquals(4, out.getNumRows());
        for (int c = 0; c < 16; c++) {
            assertEquals(embedding.table().value().get(3, c) * 4.0, out.get(0, c), 1e-15);
            assertEquals(embedding.table().value().get(1, c) * 4.0, out.get(1, c), 1e-15);
            assertEquals(out.get(0, c), out.get(3, c), 0);
        }
    }

    @Test
    void backwardMatchesFiniteDifferencesAndSumsRepeatedTokens() {
        Embedding embedding = new Embedding("emb", 6, 4, new SplittableRandom(2));
        int[][] tokens = {{1, 2, 1}, {5, 1, 0}};
        SimpleMatrix r = Fixtures.gaussian(6, 4, 3);
        embedding.zeroGrad();
        embedding.forward(tokens);
        embedding.backward(r);
        GradientCheck.parameters(embedding.parameters(), () -> Fixtures.dot(embedding.forward(tokens), r))
                .assertBelow(1e-6);
        assertEquals(0.0, embedding.table().grad().extractVector(true, 3).elementMaxAbs(), 0,
                "an unused token's row gets no gradient");
    }
}
