package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.layers.Parameter;
import transformer.testing.Fixtures;

class GradientCheckTest {

    @Test
    void acceptsTheRightGradientOfASmoothFunction() {
        // loss = Σ sin(w) · c, so ∂loss/∂w = cos(w) · c
        Parameter w = new Parameter("w", Fixtures.gaussian(3, 4, 1));
        SimpleMatrix c = Fixtures.gaussian(3, 4, 2);
        w.grad().setTo(map(w.value(), Math::cos).elementMult(c));
        GradientCheck.Report report = GradientCheck.parameters(List.of(w),
                () -> map(w.value(), Math::sin).elementMult(c).elementSum());
        assertTrue(report.maxRelativeError() < 1e-8, report.toString());
        report.assertBelow(1e-6);
    }

    private static SimpleMatrix map(SimpleMatrix m, java.util.function.DoubleUnaryOperator f) {
        SimpleMatrix out = m.copy();
        double[] d = out.getDDRM().data;
        for (int k = 0; k < out.getNumElements(); k++) {
            d[k] = f.applyAsDouble(d[k]);
        }
        return out;
    }

    @Test
    void rejectsAGradientWithAMissingTermAndNamesTheWorstEntry() {
        // loss = Σ w² + Σ w, so ∂loss/∂w = 2w + 1; forgetting the "+ 1" must be caught
        Parameter w = new Parameter("encoder.w", Fixtures.gaussian(2, 2, 3));
        w.grad().setTo(w.value().scale(2));
        GradientCheck.Report report = GradientCheck.parameters(List.of(w),
                () -> w.value().elementMult(w.value()).elementSum() + w.value().elementSum());
        assertTrue(report.maxRelativeError() > 1e-2, report.toString());
        AssertionError error = assertThrows(AssertionError.class, () -> report.assertBelow(1e-6));
        assertTrue(error.getMessage().contains("encoder.w"), error.getMessage());
        assertEquals("encoder.w", report.worst().name());
    }

    @Test
    void checksAnInputGradientAndRestoresTheInput() {
        SimpleMatrix x = Fixtures.gaussian(2, 3, 4);
        SimpleMatrix before = x.copy();
        GradientCheck.Report report = GradientCheck.input("x", x, x.scale(3),
                () -> 1.5 * x.elementMult(x).elementSum());
        report.assertBelow(1e-6);
        assertTrue(x.isIdentical(before, 0));
    }

    @Test
    void aTrulyZeroGradientPassesDespiteRoundingNoise() {
        Parameter b = new Parameter("b", Fixtures.gaussian(1, 3, 5));
        SimpleMatrix big = Fixtures.gaussian(50, 50, 6).scale(100);
        // the loss does not depend on b at all, but is large, so the numerical gradient is pure noise
        GradientCheck.parameters(List.of(b), () -> big.elementSum() + 0 * b.value().elementSum()).assertBelow(1e-6);
    }
}
