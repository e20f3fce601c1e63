package transformer.learning;

import java.util.Locale;

/**
 * What a {@link Trainer} reports every few steps. {@code heldOutAccuracy} is NaN when no evaluation
 * was asked for. {@code history} is the whole run so far, for redrawing a loss curve.
 */
public record Progress(int step, int lastStep, double loss, long tokens, double stepsPerSecond,
        double learningRate, double heldOutAccuracy, TrainingHistory history) {

    @Override
    public String toString() {
        String accuracy = Double.isNaN(heldOutAccuracy) ? ""
                : String.format(Locale.ROOT, "  held-out %.1f%%", 100 * heldOutAccuracy);
        return String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %,d tokens  %.1f steps/s%s",
                step, lastStep, loss, learningRate, tokens, stepsPerSecond, accuracy);
    }
}
