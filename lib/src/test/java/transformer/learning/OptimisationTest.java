package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import transformer.layers.Parameter;

class OptimisationTest {

    @Test
    void adamTakesTheHandComputedSteps() {
        Parameter w = new Parameter("w", new SimpleMatrix(new double[][] {{1.0}}));
        Adam adam = new Adam(List.of(w), 0.9, 0.999, 1e-8);
        w.grad().set(0, 0, 0.5);
        adam.step(0.1);
        // m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25: w = 1 − 0.1·0.5/(0.5 + 1e-8)
        assertEquals(0.900000002, w.value().get(0, 0), 1e-15);
        adam.zeroGrad();
        w.grad().set(0, 0, -1.0);
        adam.step(0.1);
        // values computed by hand in Python from the same formulas
        assertEquals(0.9366103542405654, w.value().get(0, 0), 1e-15);
        assertEquals(2, adam.steps());
    }

    @Test
    void adamMovesEveryWeightByAboutTheLearningRateOnItsFirstStep() {
        Parameter p = new Parameter("p", new SimpleMatrix(new double[][] {{0, 0, 0}}));
        p.grad().setRow(0, 0, 1e-3, -50, 7);
        Adam.paper(List.of(p)).step(0.01);
        assertEquals(-0.01, p.value().get(0, 0), 1e-8);
        assertEquals(0.01, p.value().get(0, 1), 1e-8);
        assertEquals(-0.01, p.value().get(0, 2), 1e-8);
    }

    @Test
    void noamWarmsUpLinearlyThenDecaysAsTheInverseSquareRoot() {
        NoamSchedule noam = NoamSchedule.paper(512);
        assertEquals(1.746928107421711e-07, noam.learningRate(1), 1e-20);
        assertEquals(0.0006987712429686843, noam.learningRate(4000), 1e-18);
        assertEquals(0.00034938562148434214, noam.learningRate(16000), 1e-18);
        assertEquals(2 * noam.learningRate(1000), noam.learningRate(2000), 1e-18);
        assertTrue(noam.learningRate(3999) < noam.peakRate() && noam.learningRate(4001) < noam.peakRate());
        assertEquals(noam.learningRate(7), noam.curve(10)[6]);
    }

    @Test
    void clippingShrinksLongGradientsToTheMaximumAndLeavesShortOnesAlone() {
        Parameter a = new Parameter("a", new SimpleMatrix(1, 2));
        Parameter b = new Parameter("b", new SimpleMatrix(1, 1));
        a.grad().setRow(0, 0, 3, 4);
        b.grad().set(0, 0, 12);
        assertEquals(13.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 100), 1e-15);
        assertEquals(12.0, b.grad().get(0, 0));
        assertEquals(13.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 6.5), 1e-15);
        assertEquals(6.5, GradientClipping.globalNorm(List.of(a, b)), 1e-6);
        assertEquals(3.0 / 4.0, a.grad().get(0, 0) / a.grad().get(0, 1), 1e-15);
    }

    @Test
    void badOptimiserSettingsAreRejectedWithTheValue() {
        Parameter p = new Parameter("p", new SimpleMatrix(1, 1));
        IllegalArgumentException beta = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(p), 1.0, 0.98, 1e-9));
        assertTrue(beta.getMessage().contains("Adam") && beta.getMessage().contains("β1 = 1.0"), beta.getMessage());
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> NoamSchedule.paper(512).learningRate(0));
        assertTrue(step.getMessage().contains("NoamSchedule.learningRate") && step.getMessage().contains("step is 0"),
                step.getMessage());
        IllegalArgumentException warmup = assertThrows(IllegalArgumentException.class, () -> new NoamSchedule(64, 0, 1));
        assertTrue(warmup.getMessage().contains("warmup is 0"), warmup.getMessage());
        IllegalArgumentException clip = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByGlobalNorm(List.of(p), -1));
        assertTrue(clip.getMessage().contains("clipByGlobalNorm") && clip.getMessage().contains("-1.0"),
                clip.getMessage());
    }
}
