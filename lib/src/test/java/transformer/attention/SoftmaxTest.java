package transformer.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    @Test
    void weightsArePositiveAndEachRowSumsToOne() {
        SimpleMatrix w = Softmax.rows(new SimpleMatrix(new double[][] {{1, 2, 3}, {-5, 0, 5}}));
        for (int i = 0; i < 2; i++) {
            assertEquals(1.0, w.extractVector(true, i).elementSum(), 1e-15);
        }
        assertEquals(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), w.get(0, 0), 1e-15);
    }

    @Test
    void hugeScoresDoNotOverflow() {
        SimpleMatrix w = Softmax.rows(new SimpleMatrix(new double[][] {{1000, 1001}}));
        assertEquals(1 / (1 + Math.E), w.get(0, 0), 1e-15);
    }

    @Test
    void blockedKeysGetZeroWeightAndAFullyBlockedRowIsZerosNotNaN() {
        double ninf = Double.NEGATIVE_INFINITY;
        SimpleMatrix w = Softmax.rows(new SimpleMatrix(new double[][] {{0, ninf}, {ninf, ninf}}));
        assertEquals(1.0, w.get(0, 0));
        assertEquals(0.0, w.get(0, 1));
        assertEquals(0.0, w.get(1, 0));
        assertEquals(0.0, w.get(1, 1));
    }

    @Test
    void nanScoresAreRejectedWithTheirPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.rows(new SimpleMatrix(new double[][] {{0, Double.NaN}})));
        assertTrue(e.getMessage().contains("Softmax.rows") && e.getMessage().contains("row 0, column 1"), e.getMessage());
    }
}
