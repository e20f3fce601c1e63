package transformer.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.ejml.simple.SimpleMatrix;
import transformer.layers.Parameter;

/**
 * Checks a backward pass against finite differences. For every entry w of a matrix, the numerical
 * gradient is the central difference
 * <pre>
 *   ∂loss/∂w ≈ (loss(w + h) − loss(w − h)) / 2h
 * </pre>
 * whose error shrinks like h². Each matrix is then scored by its relative error
 * ‖analytic − numeric‖ / max(‖analytic‖ + ‖numeric‖, floor): about 1e-8 or less when the backward is
 * right, and far above 1e-6 when a term is missing. The floor (default 1e-2) keeps gradients that
 * are truly zero (such as the key bias of attention) from dividing rounding noise by zero.
 *
 * <p>Usage: compute the analytic gradients first (zero grads, forward, backward), then call
 * {@link #parameters(List, DoubleSupplier)} with a loss function that runs the forward pass again.
 */
public final class GradientCheck {
    /** The step h of the central difference. */
    public static final double DEFAULT_STEP = 1e-5;
    /** Gradient norms below this are compared in absolute terms. */
    public static final double DEFAULT_FLOOR = 1e-2;

    private GradientCheck() {
    }

    /** The comparison for one matrix: its relative error, and the entry where the two disagree most. */
    public record Result(String name, double relativeError, int worstRow, int worstColumn,
                         double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format("%s: relative error %.2e (worst at [%d,%d]: analytic %.6g, numeric %.6g)",
                    name, relativeError, worstRow, worstColumn, analytic, numeric);
        }
    }

    /** Every matrix checked. */
    public record Report(List<Result> results) {
        public Report {
            results = List.copyOf(results);
        }

        /** The largest relative error of any matrix (0 if nothing was checked). */
        public double maxRelativeError() {
            return results.stream().mapToDouble(Result::relativeError).max().orElse(0);
        }

        /** The matrix with the largest relative error. */
        public Result worst() {
            Result worst = null;
            for (Result r : results) {
                if (worst == null || !(r.relativeError() <= worst.relativeError())) {
                    worst = r;
                }
            }
            return worst;
        }

        /** Throws an AssertionError naming the worst matrix unless every relative error is below {@code tolerance}. */
        public void assertBelow(double tolerance) {
            for (Result r : results) {
                if (!(r.relativeError() < tolerance)) { // NaN fails too
                    throw new AssertionError("Gradient check failed, tolerance " + tolerance + ": " + r);
                }
            }
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (Result r : results) {
                s.append(r).append('\n');
            }
            return s.toString();
        }
    }

    /** Compares every parameter's {@code grad()} with finite differences of {@code loss}. */
    public static Report parameters(List<Parameter> parameters, DoubleSupplier loss) {
        return parameters(parameters, loss, DEFAULT_STEP, DEFAULT_FLOOR);
    }

    public static Report parameters(List<Parameter> parameters, DoubleSupplier loss, double step, double floor) {
        List<Result> results = new ArrayList<>();
        for (Parameter p : parameters) {
            results.add(compare(p.name(), p.grad(), numericalGradient(p.value(), loss, step), floor));
        }
        return new Report(results);
    }

    /**
     * Compares the analytic gradient of an input matrix with finite differences; {@code loss} must
     * read {@code input} (which is changed in place during the check and restored afterwards).
     */
    public static Report input(String name, SimpleMatrix input, SimpleMatrix analytic, DoubleSupplier loss) {
        if (input.getNumRows() != analytic.getNumRows() || input.getNumCols() != analytic.getNumCols()) {
            throw new IllegalArgumentException("GradientCheck.input: " + name + " is " + input.getNumRows() + "x"
                    + input.getNumCols() + " but its analytic gradient is " + analytic.getNumRows() + "x"
                    + analytic.getNumCols() + "; a gradient has its variable's shape");
        }
        return new Report(List.of(compare(name, analytic, numericalGradient(input, loss, DEFAULT_STEP), DEFAULT_FLOOR)));
    }

    /** (loss(x + h) − loss(x − h)) / 2h for every entry of x, nudging x in place and restoring it. */
    public static SimpleMatrix numericalGradient(SimpleMatrix x, DoubleSupplier loss, double step) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("GradientCheck.numericalGradient: step is " + step + "; it must be > 0");
        }
        double[] data = x.getDDRM().data;
        SimpleMatrix grad = new SimpleMatrix(x.getNumRows(), x.getNumCols());
        double[] g = grad.getDDRM().data;
        for (int k = 0; k < x.getNumElements(); k++) {
            double original = data[k];
            data[k] = original + step;
            double plus = loss.getAsDouble();
            data[k] = original - step;
            double minus = loss.getAsDouble();
            data[k] = original;
            g[k] = (plus - minus) / (2 * step);
        }
        return grad;
    }

    private static Result compare(String name, SimpleMatrix analytic, SimpleMatrix numeric, double floor) {
        double[] a = analytic.getDDRM().data;
        double[] n = numeric.getDDRM().data;
        double diff = 0;
        double normA = 0;
        double normN = 0;
        int worst = 0;
        double worstGap = -1;
        for (int k = 0; k < numeric.getNumElements(); k++) {
            double gap = a[k] - n[k];
            diff += gap * gap;
            normA += a[k] * a[k];
            normN += n[k] * n[k];
            if (!(Math.abs(gap) <= worstGap)) {
                worstGap = Math.abs(gap);
                worst = k;
            }
        }
        double relative = Math.sqrt(diff) / Math.max(Math.sqrt(normA) + Math.sqrt(normN), floor);
        int cols = numeric.getNumCols();
        return new Result(name, relative, worst / cols, worst % cols, a[worst], n[worst]);
    }
}
