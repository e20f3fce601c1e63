package transformer.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.knowm.xchart.XYChart;

/**
 * The charts of a training run: loss and accuracy per step, and learning-rate schedules side by side.
 * Each takes the numbers as they were collected, one per step, so that a training loop can redraw
 * the chart after every few steps.
 *
 * <pre>{@code
 * List<Double> losses = new ArrayList<>();
 * // ... losses.add(loss) in the loop, then every 20 steps:
 * updateDisplay(id, TrainingCurves.loss(losses));
 * }</pre>
 */
public final class TrainingCurves {

    private TrainingCurves() {
    }

    /** Training loss against the step number. */
    public static XYChart loss(List<? extends Number> lossPerStep) {
        return loss(Map.of("loss", lossPerStep));
    }

    /** Several runs' losses on one chart, for example post-norm against pre-norm. */
    public static XYChart loss(Map<String, ? extends List<? extends Number>> lossPerStepByRun) {
        return perStep("TrainingCurves.loss", "Training loss", "loss", lossPerStepByRun).chart();
    }

    /** Accuracy (a fraction between 0 and 1) against the step number. */
    public static XYChart accuracy(List<? extends Number> accuracyPerStep) {
        return accuracy(Map.of("accuracy", accuracyPerStep));
    }

    /** Several runs' accuracies on one chart, on a fixed 0..1 axis. */
    public static XYChart accuracy(Map<String, ? extends List<? extends Number>> accuracyPerStepByRun) {
        if (accuracyPerStepByRun != null) {
            accuracyPerStepByRun.forEach((name, values) -> {
                for (int i = 0; values != null && i < values.size(); i++) {
                    Number v = values.get(i);
                    if (v != null && (v.doubleValue() < 0 || v.doubleValue() > 1)) {
                        throw new IllegalArgumentException(String.format("TrainingCurves.accuracy: series \"%s\" has %s "
                                + "at step %d; expected a fraction between 0 and 1 (divide percentages by 100)",
                                name, v, i + 1));
                    }
                }
            });
        }
        return perStep("TrainingCurves.accuracy", "Accuracy", "accuracy", accuracyPerStepByRun)
                .yRange(0, 1).chart();
    }

    /** Learning-rate schedules on one chart, one curve per named schedule, against the step number. */
    public static XYChart learningRates(Map<String, ? extends List<? extends Number>> rateByStepBySchedule) {
        return perStep("TrainingCurves.learningRates", "Learning-rate schedules", "learning rate",
                rateByStepBySchedule).chart();
    }

    private static Curves perStep(String op, String title, String yAxis,
            Map<String, ? extends List<? extends Number>> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException(op + ": got no series; expected at least one list of values per step");
        }
        Curves curves = Curves.titled(title).xAxis("step").yAxis(yAxis);
        for (String name : orderedNames(runs)) {
            List<? extends Number> values = runs.get(name);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(op + ": series \"" + name + "\" is empty; expected at least one step");
            }
            double[] y = new double[values.size()];
            for (int i = 0; i < y.length; i++) {
                Number v = values.get(i);
                if (v == null || !Double.isFinite(v.doubleValue())) {
                    throw new IllegalArgumentException(String.format(
                            "%s: series \"%s\" has %s at step %d of %d; expected finite numbers (a NaN loss "
                                    + "usually means the training diverged)", op, name, v, i + 1, y.length));
                }
                y[i] = v.doubleValue();
            }
            curves.series(name, y);
        }
        return curves;
    }

    /** The map's own order when it has one, otherwise alphabetical, so colours do not change between runs. */
    private static List<String> orderedNames(Map<String, ?> runs) {
        List<String> names = new ArrayList<>(runs.keySet());
        if (!(runs instanceof LinkedHashMap || runs instanceof SortedMap)) {
            names.sort(null);
        }
        return names;
    }
}
