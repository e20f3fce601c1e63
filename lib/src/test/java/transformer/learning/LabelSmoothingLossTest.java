package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class LabelSmoothingLossTest {

    private static SimpleMatrix logOf(double[][] probabilities) {
        SimpleMatrix m = new SimpleMatrix(probabilities);
        for (int r = 0; r < m.getNumRows(); r++) {
            for (int c = 0; c < m.getNumCols(); c++) {
                m.set(r, c, Math.log(m.get(r, c)));
            }
        }
        return m;
    }

    /** A log-softmax written out here, independent of the kit, to feed the loss real log-probabilities. */
    private static SimpleMatrix logSoftmax(SimpleMatrix logits) {
        SimpleMatrix out = new SimpleMatrix(logits.getNumRows(), logits.getNumCols());
        for (int r = 0; r < logits.getNumRows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < logits.getNumCols(); c++) {
                max = Math.max(max, logits.get(r, c));
            }
            double sum = 0;
            for (int c = 0; c < logits.getNumCols(); c++) {
                sum += Math.exp(logits.get(r, c) - max);
            }
            for (int c = 0; c < logits.getNumCols(); c++) {
                out.set(r, c, logits.get(r, c) - max - Math.log(sum));
            }
        }
        return out;
    }

    @Test
    void matchesAHandComputationOfPyTorchsDefinition() {
        // p = (0.7, 0.2, 0.1), target 0, ε = 0.1:
        // 0.9·(−ln 0.7) + 0.1·(−ln 0.7 − ln 0.2 − ln 0.1)/3 = 0.46329738119042185 (computed by hand, in Python)
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0.1, 99);
        assertEquals(0.46329738119042185, loss.forward(logOf(new double[][] {{0.7, 0.2, 0.1}}), new int[] {0}), 1e-12);
    }

    @Test
    void withoutSmoothingItIsTheMeanNegativeLogLikelihood() {
        SimpleMatrix lp = logOf(new double[][] {{0.7, 0.2, 0.1}, {0.25, 0.25, 0.5}});
        double nll = (-Math.log(0.2) - Math.log(0.5)) / 2;
        assertEquals(nll, new LabelSmoothingLoss(0, 99).forward(lp, new int[] {1, 2}), 1e-15);
    }

    @Test
    void padPositionsTakeNoPartInTheLossOrItsGradient() {
        SimpleMatrix lp = logOf(new double[][] {{0.5, 0.3, 0.2}, {0.1, 0.1, 0.8}, {0.6, 0.3, 0.1}});
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0.2, 0);
        double withPad = loss.forward(lp, new int[][] {{1, 0, 2}});
        SimpleMatrix grad = loss.backward();
        double alone = loss.forward(lp.extractMatrix(0, 1, 0, 3).concatRows(lp.extractMatrix(2, 3, 0, 3)),
                new int[] {1, 2});
        assertEquals(alone, withPad, 1e-15);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.0, grad.get(1, c));
        }
    }

    @Test
    void aZeroProbabilityNeverTurnsIntoNaN() {
        // The Annotated Transformer's label-smoothing demo took log(0) and then multiplied it by 0.
        SimpleMatrix lp = new SimpleMatrix(new double[][] {{0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}});
        LabelSmoothingLoss plain = new LabelSmoothingLoss(0, 99);
        assertEquals(0.0, plain.forward(lp, new int[] {0}));
        assertTrue(allFinite(plain.backward()));
        LabelSmoothingLoss smoothed = new LabelSmoothingLoss(0.1, 99);
        double l = smoothed.forward(lp, new int[] {0});
        assertFalse(Double.isNaN(l));
        assertEquals(Double.POSITIVE_INFINITY, l, "smoothing puts weight on a class with probability 0: the loss is ∞");
        assertTrue(allFinite(smoothed.backward()));
    }

    @Test
    void theGradientMatchesFiniteDifferencesThroughALogSoftmax() {
        Random random = new Random(5);
        SimpleMatrix logits = SimpleMatrix.random_DDRM(4, 6, -2, 2, random);
        int[][] targets = {{3, 0}, {5, 1}};
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0.1, 0);
        SimpleMatrix p = logSoftmax(logits);
        loss.forward(p, targets);
        SimpleMatrix dlp = loss.backward();
        // back through log-softmax: dz = dlp − softmax · Σ_c dlp_c
        for (int r = 0; r < 4; r++) {
            double rowSum = 0;
            for (int c = 0; c < 6; c++) {
                rowSum += dlp.get(r, c);
            }
            for (int c = 0; c < 6; c++) {
                double analytic = dlp.get(r, c) - Math.exp(p.get(r, c)) * rowSum;
                double h = 1e-6;
                SimpleMatrix plus = logits.copy();
                plus.set(r, c, plus.get(r, c) + h);
                SimpleMatrix minus = logits.copy();
                minus.set(r, c, minus.get(r, c) - h);
                double numeric = (loss.forward(logSoftmax(plus), targets) - loss.forward(logSoftmax(minus), targets)) / (2 * h);
                assertEquals(numeric, analytic, 1e-8, "row " + r + " column " + c);
            }
        }
    }

    @Test
    void theSmoothedTargetDistributionSumsToOneAndPeaksAtTheTarget() {
        SimpleMatrix q = new LabelSmoothingLoss(0.1, 0).targetDistribution(new int[] {2, 0}, 5);
        assertEquals(0.9 + 0.02, q.get(0, 2), 1e-15);
        assertEquals(0.02, q.get(0, 0), 1e-15);
        assertEquals(1.0, q.extractVector(true, 0).elementSum(), 1e-15);
        assertEquals(0.0, q.extractVector(true, 1).elementSum());
    }

    @Test
    void badInputIsRejectedWithTheOperationAndTheValue() {
        IllegalArgumentException eps = assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingLoss(1.0, 0));
        assertTrue(eps.getMessage().contains("LabelSmoothingLoss") && eps.getMessage().contains("1.0"), eps.getMessage());
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0.1, 0);
        SimpleMatrix lp = logOf(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> loss.forward(lp, new int[] {1}));
        assertTrue(rows.getMessage().contains("LabelSmoothingLoss.forward") && rows.getMessage().contains("2x2")
                && rows.getMessage().contains("1 targets"), rows.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> loss.forward(lp, new int[] {1, 7}));
        assertTrue(id.getMessage().contains("id 7") && id.getMessage().contains("2 classes"), id.getMessage());
        IllegalArgumentException logits = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(new SimpleMatrix(new double[][] {{2.0, -1.0}}), new int[] {1}));
        assertTrue(logits.getMessage().contains("2.0") && logits.getMessage().contains("log-softmax"), logits.getMessage());
        IllegalArgumentException allPad = assertThrows(IllegalArgumentException.class, () -> loss.forward(lp, new int[] {0, 0}));
        assertTrue(allPad.getMessage().contains("all 2 targets are pad"), allPad.getMessage());
    }

    private static boolean allFinite(SimpleMatrix m) {
        for (int k = 0; k < m.getNumElements(); k++) {
            if (!Double.isFinite(m.get(k))) {
                return false;
            }
        }
        return true;
    }
}
