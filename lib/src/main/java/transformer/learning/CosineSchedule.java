package transformer.learning;

/**
 * Linear warm-up, then cosine decay, as nanoGPT's {@code get_lr}. With it = step − 1 (steps count
 * from 1 here, from 0 there):
 * <pre>
 *   it &lt; warmup:          lr = peak · (it + 1) / (warmup + 1)
 *   warmup ≤ it ≤ decay:  lr = min + ½·(1 + cos(π·(it − warmup)/(decay − warmup)))·(peak − min)
 *   it &gt; decay:           lr = min
 * </pre>
 * The rate climbs to its peak while Adam's moment estimates settle, then glides down to
 * {@code minRate} along half a cosine: fast steps early, small careful ones at the end.
 */
public record CosineSchedule(double peakRate, double minRate, int warmup, int decaySteps) implements LearningRateSchedule {

    public CosineSchedule {
        if (!(peakRate > 0) || Double.isInfinite(peakRate) || !(minRate >= 0) || minRate > peakRate) {
            throw new IllegalArgumentException("CosineSchedule: peak rate " + peakRate + " and minimum rate " + minRate
                    + "; expected 0 ≤ minimum ≤ peak, peak finite and > 0 (nanoGPT: 1e-3 and 1e-4)");
        }
        if (warmup < 0 || decaySteps <= warmup) {
            throw new IllegalArgumentException("CosineSchedule: warm-up " + warmup + " steps and decay over "
                    + decaySteps + " steps; expected 0 ≤ warm-up < decay steps (nanoGPT: 100 and 2000)");
        }
    }

    /** nanoGPT's Shakespeare setting: peak 1e-3, minimum 1e-4, 100 warm-up steps, decay over {@code steps}. */
    public static CosineSchedule nanoGpt(int steps) {
        return new CosineSchedule(1e-3, 1e-4, 100, steps);
    }

    @Override
    public double learningRate(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("CosineSchedule.learningRate: step is " + step + "; steps count from 1");
        }
        int it = step - 1;
        if (it < warmup) {
            return peakRate * (it + 1) / (warmup + 1);
        }
        if (it > decaySteps) {
            return minRate;
        }
        double progress = (double) (it - warmup) / (decaySteps - warmup);
        return minRate + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peakRate - minRate);
    }

    /** Rates for steps 1..steps, for plotting. */
    public double[] curve(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("CosineSchedule.curve: steps is " + steps + "; expected at least 1");
        }
        double[] out = new double[steps];
        for (int s = 1; s <= steps; s++) {
            out[s - 1] = learningRate(s);
        }
        return out;
    }
}
