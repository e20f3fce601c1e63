package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import transformer.layers.Parameter;

class AdamWAndCosineTest {

    @Test
    void adamWShrinksMatricesByOneMinusLrTimesLambdaAndLeavesVectorsAlone() {
        Parameter matrix = Parameter.constant("W", 3, 2, 2.0);
        Parameter vector = Parameter.constant("gain", 1, 4, 2.0);
        Adam adamW = Adam.adamW(List.of(matrix, vector), 0.9, 0.99, 1e-8, 0.1);
        assertTrue(adamW.decays(matrix));
        assertFalse(adamW.decays(vector));
        adamW.step(0.5); // zero gradients: Adam's own update is 0, only the decay acts
        assertEquals(2.0 * (1 - 0.5 * 0.1), matrix.value().get(2, 1), 0.0);
        assertEquals(2.0, vector.value().get(0, 3), 0.0);
    }

    @Test
    void adamWithoutDecayStepsExactlyAsBefore() {
        Parameter a = Parameter.constant("W", 2, 2, 1.0);
        Parameter b = Parameter.constant("W", 2, 2, 1.0);
        a.grad().fill(0.3);
        b.grad().fill(0.3);
        new Adam(List.of(a), 0.9, 0.99, 1e-8).step(0.01);
        Adam.adamW(List.of(b), 0.9, 0.99, 1e-8, 0.0).step(0.01);
        assertTrue(a.value().isIdentical(b.value(), 0.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Adam.adamW(List.of(a), 0.9, 0.99, 1e-8, -0.1));
        assertTrue(e.getMessage().contains("weight decay"), e.getMessage());
    }

    @Test
    void cosineScheduleWarmsUpThenDecaysToItsMinimumAsNanoGpt() {
        CosineSchedule s = CosineSchedule.nanoGpt(2000);
        assertEquals(1e-3 / 101, s.learningRate(1), 1e-18, "it 0: lr·1/(warmup+1)");
        assertEquals(1e-3 * 100 / 101, s.learningRate(100), 1e-18, "it 99");
        assertEquals(1e-3, s.learningRate(101), 1e-18, "it 100: the peak");
        assertEquals(1e-4 + 0.5 * (1e-3 - 1e-4), s.learningRate(1051), 1e-15, "halfway through the decay");
        assertEquals(1e-4, s.learningRate(2001), 1e-18, "it 2000: the minimum");
        assertEquals(1e-4, s.learningRate(5000), 0.0, "after the decay");
        double[] curve = s.curve(2000);
        for (int i = 101; i < curve.length; i++) {
            assertTrue(curve[i] <= curve[i - 1], "decreasing after the warm-up, at step " + (i + 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1e-3, 1e-2, 10, 100));
        assertTrue(e.getMessage().contains("minimum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.learningRate(0));
    }
}
