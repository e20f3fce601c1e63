package transformer.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class DropoutTest {

    @Test
    void dropsAboutPOfTheEntriesAndScalesTheRestByOneOverOneMinusP() {
        Dropout dropout = new Dropout(0.25, new SplittableRandom(1));
        SimpleMatrix x = new SimpleMatrix(100, 100);
        x.fill(1.0);
        SimpleMatrix y = dropout.forward(x);
        int zeros = 0;
        for (int k = 0; k < y.getNumElements(); k++) {
            double v = y.get(k);
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.75, v, 1e-15);
            }
        }
        assertEquals(2500, zeros, 200);
    }

    @Test
    void evaluationModeIsTheIdentity() {
        Dropout dropout = new Dropout(0.5, new SplittableRandom(1));
        dropout.setTraining(false);
        SimpleMatrix x = new SimpleMatrix(new double[][] {{1, 2}, {3, 4}});
        assertSame(x, dropout.forward(x));
        assertSame(x, dropout.backward(x));
    }

    @Test
    void theSameSeedDropsTheSameEntries() {
        SimpleMatrix x = new SimpleMatrix(10, 10);
        x.fill(1.0);
        SimpleMatrix a = new Dropout(0.3, new SplittableRandom(7)).forward(x);
        SimpleMatrix b = new Dropout(0.3, new SplittableRandom(7)).forward(x);
        assertArrayEquals(a.getDDRM().data, b.getDDRM().data, 0);
    }

    @Test
    void backwardReusesTheForwardMask() {
        Dropout dropout = new Dropout(0.5, new SplittableRandom(3));
        SimpleMatrix x = new SimpleMatrix(8, 8);
        x.fill(1.0);
        SimpleMatrix y = dropout.forward(x);
        SimpleMatrix dx = dropout.backward(x); // gradient of sum(y) is the mask itself
        assertArrayEquals(y.getDDRM().data, dx.getDDRM().data, 0);
        assertTrue(y.elementMinAbs() == 0 && y.elementMaxAbs() == 2.0);
    }
}
