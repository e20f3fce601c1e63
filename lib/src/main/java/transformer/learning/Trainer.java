package transformer.learning;

import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import org.ejml.simple.SimpleMatrix;

import transformer.data.Batch;
import transformer.layers.Parameter;

/**
 * The training loop. One step is:
 * <pre>
 *   zero the gradients → forward → loss → backward → clip by global norm → lr = schedule(step) → Adam step
 * </pre>
 * Every {@code k} steps it reports a {@link Progress} (a notebook redraws its loss curve there), after
 * measuring held-out accuracy if an evaluator was given. In a notebook:
 * <pre>{@code
 * var trainer = new Trainer(Trainable.of(model), new LabelSmoothingLoss(0.1, Vocabulary.PAD),
 *         Adam.paper(model.parameters()), new NoamSchedule(32, 100, 0.3), 1.0);
 * String id = display("starting…");
 * trainer.reportEvery(50, p -> updateDisplay(id, TrainingCurves.loss(p.history().lossPerStep())));
 * trainer.train(new BatchStream(split.train(), vocabulary, 32, 7), 500);
 * }</pre>
 *
 * <p>It stops within one step when its thread is interrupted (the notebook's stop button), and
 * returns the history of the steps it completed; the thread's interrupt flag stays set. Calling
 * {@link #train} again continues from the last step, schedule included. The model is left in
 * evaluation mode.
 */
public final class Trainer {

    private final Trainable model;
    private final LabelSmoothingLoss loss;
    private final Adam adam;
    private final LearningRateSchedule schedule;
    private final double maxGradientNorm;
    private final List<Parameter> parameters;
    private final TrainingHistory history = new TrainingHistory();
    private int reportEvery = 0;
    private Consumer<Progress> listener = p -> { };
    private DoubleSupplier evaluator;

    public Trainer(Trainable model, LabelSmoothingLoss loss, Adam adam, LearningRateSchedule schedule,
            double maxGradientNorm) {
        if (model == null || loss == null || adam == null || schedule == null) {
            throw new IllegalArgumentException("Trainer: model, loss, optimiser and schedule are all needed; got "
                    + (model == null ? "no model " : "") + (loss == null ? "no loss " : "")
                    + (adam == null ? "no optimiser " : "") + (schedule == null ? "no schedule" : ""));
        }
        if (!(maxGradientNorm > 0)) {
            throw new IllegalArgumentException("Trainer: max gradient norm is " + maxGradientNorm
                    + "; expected a number > 0 (Double.POSITIVE_INFINITY for no clipping)");
        }
        this.model = model;
        this.loss = loss;
        this.adam = adam;
        this.schedule = schedule;
        this.maxGradientNorm = maxGradientNorm;
        this.parameters = model.parameters();
    }

    /** Calls {@code listener} every {@code k} steps and after the last one. */
    public Trainer reportEvery(int k, Consumer<Progress> listener) {
        if (k < 1 || listener == null) {
            throw new IllegalArgumentException("Trainer.reportEvery: every " + k + " steps with "
                    + (listener == null ? "no listener" : "a listener") + "; expected k ≥ 1 and a listener");
        }
        this.reportEvery = k;
        this.listener = listener;
        return this;
    }

    /** Measures held-out accuracy (a number in [0, 1]) at every report, with the model in evaluation mode. */
    public Trainer evaluateWith(DoubleSupplier heldOutAccuracy) {
        this.evaluator = heldOutAccuracy;
        return this;
    }

    /** Trains for {@code steps} more steps, or until interrupted; returns the history of all runs. */
    public TrainingHistory train(Iterator<Batch> batches, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("Trainer.train: steps is " + steps + "; expected at least 1");
        }
        if (batches == null) {
            throw new IllegalArgumentException("Trainer.train: no batches; pass a BatchStream");
        }
        long start = System.nanoTime();
        int first = adam.steps() + 1;
        int last = adam.steps() + steps;
        long tokens = 0;
        boolean interrupted = false;
        model.setTraining(true);
        try {
            for (int step = first; step <= last; step++) {
                if (Thread.currentThread().isInterrupted() || !batches.hasNext()) {
                    interrupted = Thread.currentThread().isInterrupted();
                    break;
                }
                TrainingHistory.Step done = step(batches.next(), step);
                history.add(done);
                tokens += done.tokens();
                if ((reportEvery > 0 && (step - first + 1) % reportEvery == 0) || step == last) {
                    report(step, last, step - first + 1, tokens, start);
                }
            }
        } finally {
            model.setTraining(false);
            history.finishRun(interrupted, (System.nanoTime() - start) / 1e9);
        }
        return history;
    }

    private TrainingHistory.Step step(Batch batch, int step) {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        int[][] targets = model.targets(batch);
        SimpleMatrix logProbs = model.forward(batch);
        double value = loss.forward(logProbs, targets);
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("Trainer.train: the loss at step " + step + " is " + value
                    + "; training has diverged (try a smaller learning rate or stronger clipping)");
        }
        model.backward(loss.backward());
        double norm = GradientClipping.clipByGlobalNorm(parameters, maxGradientNorm);
        double lr = schedule.learningRate(step);
        adam.step(lr);
        return new TrainingHistory.Step(step, value, lr, countTokens(targets), norm);
    }

    private void report(int step, int last, int stepsThisRun, long tokens, long start) {
        double accuracy = Double.NaN;
        if (evaluator != null && !Thread.currentThread().isInterrupted()) {
            model.setTraining(false);
            accuracy = evaluator.getAsDouble();
            model.setTraining(true);
            history.add(new TrainingHistory.Evaluation(step, accuracy));
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        listener.accept(new Progress(step, last, history.recentLoss(Math.max(1, reportEvery)), tokens,
                stepsThisRun / seconds, schedule.learningRate(step), accuracy, history));
    }

    private int countTokens(int[][] targets) {
        int n = 0;
        for (int[] row : targets) {
            for (int id : row) {
                if (id != loss.padId()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The history of every step taken so far. */
    public TrainingHistory history() {
        return history;
    }

    /** Steps taken so far. */
    public int steps() {
        return adam.steps();
    }
}
