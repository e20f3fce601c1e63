package transformer.learning;

/**
 * The warm-up schedule of "Attention Is All You Need" (section 5.3), named after Noam Shazeer:
 * <pre>
 *   lr(step) = factor · d_model^(−1/2) · min(step^(−1/2), step · warmup^(−3/2)),   step = 1, 2, …
 * </pre>
 * The rate grows linearly for {@code warmup} steps, peaks at step = warmup, then decays as
 * 1/√step. Early steps are small because Adam's second-moment estimates are still noisy.
 */
public record NoamSchedule(int dModel, int warmup, double factor) implements LearningRateSchedule {

    public NoamSchedule {
        if (dModel < 1) {
            throw new IllegalArgumentException("NoamSchedule: d_model is " + dModel + "; expected at least 1");
        }
        if (warmup < 1) {
            throw new IllegalArgumentException("NoamSchedule: warmup is " + warmup + " steps; expected at least 1");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("NoamSchedule: factor is " + factor + "; expected a finite number > 0");
        }
    }

    /** The paper's setting: factor 1, warm-up 4000 steps. */
    public static NoamSchedule paper(int dModel) {
        return new NoamSchedule(dModel, 4000, 1.0);
    }

    @Override
    public double learningRate(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("NoamSchedule.learningRate: step is " + step
                    + "; steps count from 1 (step 0 would divide by zero)");
        }
        return factor * Math.pow(dModel, -0.5) * Math.min(Math.pow(step, -0.5), step * Math.pow(warmup, -1.5));
    }

    /** The step with the largest rate, and that rate. */
    public double peakRate() {
        return learningRate(warmup);
    }

    /** Rates for steps 1..steps, for plotting. */
    public double[] curve(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("NoamSchedule.curve: steps is " + steps + "; expected at least 1");
        }
        double[] out = new double[steps];
        for (int s = 1; s <= steps; s++) {
            out[s - 1] = learningRate(s);
        }
        return out;
    }
}
