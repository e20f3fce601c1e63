package transformer.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Everything a training run measured, step by step: for loss curves and tables. */
public final class TrainingHistory {

    /** One optimiser step: its number, loss, learning rate, target tokens and gradient norm before clipping. */
    public record Step(int step, double loss, double learningRate, int tokens, double gradientNorm) {
    }

    /** A held-out evaluation after {@code step} steps. */
    public record Evaluation(int step, double accuracy) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Evaluation> evaluations = new ArrayList<>();
    private boolean interrupted;
    private double seconds;

    void add(Step step) {
        steps.add(step);
    }

    void add(Evaluation evaluation) {
        evaluations.add(evaluation);
    }

    void finishRun(boolean wasInterrupted, double runSeconds) {
        interrupted = wasInterrupted;
        seconds += runSeconds;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    /** Number of steps completed. */
    public int size() {
        return steps.size();
    }

    /** The loss of every step, in order: what {@code TrainingCurves.loss} draws. */
    public List<Double> lossPerStep() {
        return steps.stream().map(Step::loss).toList();
    }

    /** The learning rate of every step, in order. */
    public List<Double> learningRatePerStep() {
        return steps.stream().map(Step::learningRate).toList();
    }

    public double[] losses() {
        return steps.stream().mapToDouble(Step::loss).toArray();
    }

    public double[] learningRates() {
        return steps.stream().mapToDouble(Step::learningRate).toArray();
    }

    public double[] stepNumbers() {
        return steps.stream().mapToDouble(Step::step).toArray();
    }

    /** The loss of the last step, or NaN before the first. */
    public double lastLoss() {
        return steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).loss();
    }

    /** The last held-out accuracy, or NaN if none was measured. */
    public double lastAccuracy() {
        return evaluations.isEmpty() ? Double.NaN : evaluations.get(evaluations.size() - 1).accuracy();
    }

    /** Mean loss of the last {@code k} steps (fewer if fewer were taken): a less noisy number to report. */
    public double recentLoss(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("TrainingHistory.recentLoss: k is " + k + "; expected at least 1");
        }
        int from = Math.max(0, steps.size() - k);
        return steps.subList(from, steps.size()).stream().mapToDouble(Step::loss).average().orElse(Double.NaN);
    }

    /** Whether the last run stopped early because its thread was interrupted. */
    public boolean wasInterrupted() {
        return interrupted;
    }

    /** Wall-clock seconds spent training, over all runs. */
    public double seconds() {
        return seconds;
    }

    /** One row per step; the accuracy column is missing except where an evaluation was made. */
    public Table toTable() {
        IntColumn step = IntColumn.create("step");
        DoubleColumn loss = DoubleColumn.create("loss");
        DoubleColumn rate = DoubleColumn.create("learning rate");
        IntColumn tokens = IntColumn.create("tokens");
        DoubleColumn norm = DoubleColumn.create("gradient norm");
        DoubleColumn accuracy = DoubleColumn.create("held-out accuracy");
        int e = 0;
        for (Step s : steps) {
            step.append(s.step());
            loss.append(s.loss());
            rate.append(s.learningRate());
            tokens.append(s.tokens());
            norm.append(s.gradientNorm());
            while (e < evaluations.size() && evaluations.get(e).step() < s.step()) {
                e++;
            }
            if (e < evaluations.size() && evaluations.get(e).step() == s.step()) {
                accuracy.append(evaluations.get(e).accuracy());
            } else {
                accuracy.appendMissing();
            }
        }
        return Table.create("Training history", step, loss, rate, tokens, norm, accuracy);
    }

    @Override
    public String toString() {
        return "TrainingHistory(" + steps.size() + " steps, last loss " + String.format(Locale.ROOT, "%.4f", lastLoss())
                + (evaluations.isEmpty() ? "" : String.format(Locale.ROOT, ", last held-out accuracy %.1f%%", 100 * lastAccuracy()))
                + (interrupted ? ", interrupted" : "") + ")";
    }
}
