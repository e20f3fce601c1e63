package transformer.position;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class SinusoidalPositionalEncodingTest {

    @Test
    void followsThePapersFormulaWithTwoIOverDModelInTheExponent() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(50, 8);
        SimpleMatrix table = pe.table();
        assertEquals(0.0, table.get(0, 0), 0);
        assertEquals(1.0, table.get(0, 1), 0);
        assertEquals(Math.sin(1), table.get(1, 0), 1e-15);
        assertEquals(Math.cos(1), table.get(1, 1), 1e-15);
        // column pair i = 1 (columns 2, 3): ω = 1 / 10000^(2/8) = 0.1
        assertEquals(Math.sin(7 * 0.1), table.get(7, 2), 1e-15);
        assertEquals(Math.cos(7 * 0.1), table.get(7, 3), 1e-15);
        // column pair i = 3 (columns 6, 7): ω = 1 / 10000^(6/8) = 0.001
        assertEquals(Math.sin(42 * 0.001), table.get(42, 6), 1e-15);
        assertEquals(Math.cos(42 * 0.001), table.get(42, 7), 1e-15);
    }

    @Test
    void shiftingByKIsTheSameRotationForEveryPosition() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(100, 16);
        SimpleMatrix table = pe.table();
        for (int k : new int[] {1, 5, 17}) {
            SimpleMatrix m = pe.shift(k);
            for (int pos = 0; pos + k < 100; pos += 7) {
                SimpleMatrix moved = table.extractVector(true, pos).mult(m);
                assertTrue(moved.isIdentical(table.extractVector(true, pos + k), 1e-12), "pos " + pos + ", k " + k);
            }
            SimpleMatrix identity = SimpleMatrix.identity(16);
            assertTrue(m.mult(m.transpose()).isIdentical(identity, 1e-12), "M_k is a rotation");
        }
    }

    @Test
    void similarityBetweenPositionsFallsOffWithDistanceAtFirst() {
        SimpleMatrix table = new SinusoidalPositionalEncoding(64, 32).table();
        SimpleMatrix origin = table.extractVector(true, 10);
        double previous = Double.POSITIVE_INFINITY;
        for (int distance = 0; distance <= 4; distance++) {
            double similarity = origin.dot(table.extractVector(true, 10 + distance));
            assertTrue(similarity < previous, "distance " + distance);
            previous = similarity;
        }
    }

    @Test
    void forwardAddsThePositionOfEachRowWithinItsSequence() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(10, 4);
        SimpleMatrix out = pe.forward(new SimpleMatrix(6, 4), 3); // two sequences of 3
        assertTrue(out.extractMatrix(0, 3, 0, 4).isIdentical(pe.encode(3), 0));
        assertTrue(out.extractMatrix(3, 6, 0, 4).isIdentical(pe.encode(3), 0));
    }
}
