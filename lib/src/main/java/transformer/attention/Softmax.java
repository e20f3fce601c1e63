package transformer.attention;

import org.ejml.simple.SimpleMatrix;

/**
 * The softmax, row by row: it turns a row of scores s_1 … s_n into weights
 * a_j = exp(s_j) / Σ_j' exp(s_j'), which are positive and sum to 1.
 *
 * <p>It subtracts each row's largest score before exponentiating. That changes nothing mathematically
 * (the factor exp(−max) cancels) but keeps exp from overflowing: scores of 1000 and 1001 give weights
 * 0.27 and 0.73 instead of ∞/∞ = NaN. A score of −∞ (a blocked key) gets weight 0, and a row whose
 * scores are all −∞ gets weights of 0 rather than NaN.
 */
public final class Softmax {

    private Softmax() {
    }

    /** The softmax of every row of {@code scores}, as a new matrix of the same shape. */
    public static SimpleMatrix rows(SimpleMatrix scores) {
        if (scores.getNumRows() == 0 || scores.getNumCols() == 0) {
            throw new IllegalArgumentException("Softmax.rows: scores are " + scores.getNumRows() + "x"
                    + scores.getNumCols() + "; expected at least one row and one column");
        }
        SimpleMatrix weights = new SimpleMatrix(scores.getNumRows(), scores.getNumCols());
        for (int i = 0; i < scores.getNumRows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < scores.getNumCols(); j++) {
                double s = scores.get(i, j);
                if (Double.isNaN(s) || s == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("Softmax.rows: score at row " + i + ", column " + j + " is " + s
                            + "; expected a finite number or -Infinity for a blocked key");
                }
                max = Math.max(max, s);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                continue; // every key blocked: all weights stay 0
            }
            double sum = 0;
            for (int j = 0; j < scores.getNumCols(); j++) {
                double e = Math.exp(scores.get(i, j) - max);
                weights.set(i, j, e);
                sum += e;
            }
            for (int j = 0; j < scores.getNumCols(); j++) {
                weights.set(i, j, weights.get(i, j) / sum);
            }
        }
        return weights;
    }
}
