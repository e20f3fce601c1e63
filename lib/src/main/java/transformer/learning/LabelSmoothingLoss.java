package transformer.learning;

import org.ejml.simple.SimpleMatrix;

/**
 * Cross-entropy with label smoothing, defined as PyTorch's
 * {@code nn.CrossEntropyLoss(label_smoothing = ε, ignore_index = pad)} defines it. The model's target
 * is no longer "all probability on the right token" but a smoothed distribution
 * <pre>
 *   q_c = (1 − ε)·[c = y] + ε / V      for every class c of the V classes (pad included),
 * </pre>
 * and the loss of one position is the cross-entropy −Σ_c q_c · log p_c, which equals
 * (1 − ε)·(−log p_y) + ε · mean_c(−log p_c). The loss of a batch is the mean over the positions whose
 * target is not pad. With ε = 0 this is the ordinary negative log-likelihood. As in PyTorch
 * ({@code cross_entropy_loss_label_smoothing} in {@code aten/src/ATen/native/LossNLL.cpp}) the two
 * parts are averaged separately and then combined: (1 − ε)·mean(−log p_y) + (ε/V)·mean(Σ_c −log p_c).
 *
 * <p>It takes <em>log</em>-probabilities (the output of a log-softmax), so it never computes log(0).
 * A term whose weight q_c is 0 is skipped, never multiplied, so a probability of exactly 0 where the
 * target puts no weight cannot turn into 0·(−∞) = NaN.
 */
public final class LabelSmoothingLoss {

    private final double smoothing;
    private final int padId;
    private int[] lastTargets;
    private int lastClasses;
    private int lastCounted;

    public LabelSmoothingLoss(double smoothing, int padId) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("LabelSmoothingLoss: smoothing ε is " + smoothing
                    + "; expected 0 ≤ ε < 1 (0.1 in the paper)");
        }
        this.smoothing = smoothing;
        this.padId = padId;
    }

    public double smoothing() {
        return smoothing;
    }

    public int padId() {
        return padId;
    }

    /** The loss for log-probabilities stacked (B·n) × V and targets B × n (row b·n + i predicts targets[b][i]). */
    public double forward(SimpleMatrix logProbs, int[][] targets) {
        return forward(logProbs, flatten(targets));
    }

    /** The loss for log-probabilities with one target id per row. */
    public double forward(SimpleMatrix logProbs, int[] targets) {
        int classes = check("LabelSmoothingLoss.forward", logProbs, targets);
        double[] lp = logProbs.getDDRM().data;
        double nll = 0;
        double smooth = 0;
        int counted = 0;
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] == padId) {
                continue;
            }
            counted++;
            nll -= lp[r * classes + targets[r]];
            if (smoothing > 0) {
                for (int c = 0; c < classes; c++) {
                    smooth -= lp[r * classes + c];
                }
            }
        }
        if (counted == 0) {
            throw new IllegalArgumentException("LabelSmoothingLoss.forward: all " + targets.length
                    + " targets are pad (id " + padId + "); the mean over no tokens is undefined");
        }
        lastTargets = targets.clone();
        lastClasses = classes;
        lastCounted = counted;
        double loss = (1 - smoothing) * (nll / counted);
        if (smoothing > 0) {
            loss += (smoothing / classes) * (smooth / counted);
        }
        return loss;
    }

    /** ∂loss/∂logProbs for the last forward: −q_c / N on every non-pad row, 0 on pad rows. */
    public SimpleMatrix backward() {
        if (lastTargets == null) {
            throw new IllegalStateException("LabelSmoothingLoss.backward: call forward first");
        }
        SimpleMatrix d = targetDistribution(lastTargets, lastClasses);
        double[] data = d.getDDRM().data;
        for (int k = 0; k < data.length; k++) {
            data[k] = data[k] == 0 ? 0 : -data[k] / lastCounted;
        }
        return d;
    }

    /**
     * The smoothed target distribution q, one row per target: (1 − ε) + ε/V on the target, ε/V
     * elsewhere; a pad row is all zeros because it takes no part in the loss. For plotting.
     */
    public SimpleMatrix targetDistribution(int[] targets, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("LabelSmoothingLoss.targetDistribution: " + classes
                    + " classes; expected at least 2");
        }
        checkTargets("LabelSmoothingLoss.targetDistribution", targets, classes);
        SimpleMatrix q = new SimpleMatrix(targets.length, classes);
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] == padId) {
                continue;
            }
            for (int c = 0; c < classes; c++) {
                q.set(r, c, smoothing / classes);
            }
            q.set(r, targets[r], q.get(r, targets[r]) + (1 - smoothing));
        }
        return q;
    }

    private int check(String operation, SimpleMatrix logProbs, int[] targets) {
        if (logProbs == null || targets == null) {
            throw new IllegalArgumentException(operation + ": log-probabilities and targets must not be null");
        }
        if (logProbs.getNumRows() != targets.length) {
            throw new IllegalArgumentException(operation + ": log-probabilities are " + logProbs.getNumRows() + "x"
                    + logProbs.getNumCols() + " but there are " + targets.length
                    + " targets; expected one row per target, (B·n) x V");
        }
        int classes = logProbs.getNumCols();
        checkTargets(operation, targets, classes);
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] == padId) {
                continue;
            }
            double total = 0;
            for (int c = 0; c < classes; c++) {
                double x = logProbs.get(r, c);
                if (Double.isNaN(x) || x > 1e-9) {
                    throw new IllegalArgumentException(operation + ": log-probability at row " + r + ", column " + c
                            + " is " + x + "; log-probabilities are ≤ 0 (pass a log-softmax output, not raw scores)");
                }
                total += Math.exp(x);
            }
            if (Math.abs(total - 1) > 1e-4) {
                throw new IllegalArgumentException(operation + ": row " + r + " holds probabilities that sum to "
                        + total + ", not 1; pass the output of a log-softmax");
            }
        }
        return classes;
    }

    private static void checkTargets(String operation, int[] targets, int classes) {
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] < 0 || targets[r] >= classes) {
                throw new IllegalArgumentException(operation + ": target " + r + " is id " + targets[r]
                        + " but there are " + classes + " classes; expected 0 ≤ id < " + classes);
            }
        }
    }

    static int[] flatten(int[][] targets) {
        if (targets == null || targets.length == 0) {
            throw new IllegalArgumentException("LabelSmoothingLoss.forward: targets are an empty batch");
        }
        int n = targets[0].length;
        int[] out = new int[targets.length * n];
        for (int b = 0; b < targets.length; b++) {
            if (targets[b].length != n) {
                throw new IllegalArgumentException("LabelSmoothingLoss.forward: targets row " + b + " has "
                        + targets[b].length + " ids but row 0 has " + n + "; pad every row to the same length");
            }
            System.arraycopy(targets[b], 0, out, b * n, n);
        }
        return out;
    }
}
