package transformer.attention;

import org.ejml.simple.SimpleMatrix;
import transformer.layers.Require;

/**
 * Scaled dot-product attention, Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k)·V.
 *
 * <p>Q is n_q × d_k (one query per row), K is n_k × d_k, V is n_k × d_v. Score s_ij = q_i·k_j / √d_k
 * measures how well query i matches key j; blocked pairs (mask false) get s_ij = −∞. Each row of
 * scores goes through a softmax to become weights a_ij ≥ 0 that sum to 1 (a row with every key
 * blocked gets all-zero weights), and output row i = Σ_j a_ij·v_j has the value's width d_v.
 *
 * <p>Backward, for dO = ∂loss/∂output:
 * <pre>
 *   dV = Aᵀ·dO        dA = dO·Vᵀ        dS_ij = a_ij·(dA_ij − Σ_j' a_ij'·dA_ij')   (softmax)
 *   dQ = dS·K / √d_k      dK = dSᵀ·Q / √d_k
 * </pre>
 * {@link MultiHeadAttention} runs the same two loops on every head of every batch item.
 */
public final class ScaledDotProductAttention {

    /** The attended values (n_q × d_v) and the attention weights (n_q × n_k) that produced them. */
    public record Result(SimpleMatrix output, SimpleMatrix weights) {
    }

    /** ∂loss/∂Q, ∂loss/∂K and ∂loss/∂V. */
    public record Gradients(SimpleMatrix dQuery, SimpleMatrix dKey, SimpleMatrix dValue) {
    }

    private SimpleMatrix query;
    private SimpleMatrix key;
    private SimpleMatrix value;
    private SimpleMatrix weights;

    /** Attention in which every query may look at every key. */
    public Result forward(SimpleMatrix query, SimpleMatrix key, SimpleMatrix value) {
        return forward(query, key, value, null);
    }

    /** Attention with a mask (batch size 1, n_q × n_k); {@code null} means nothing is blocked. */
    public Result forward(SimpleMatrix query, SimpleMatrix key, SimpleMatrix value, AttentionMask mask) {
        String op = "ScaledDotProductAttention.forward";
        Require.activations(op, "query Q", query, -1, -1);
        int dK = query.getNumCols();
        Require.activations(op, "key K (must have the query's width d_k)", key, -1, dK);
        Require.activations(op, "value V (needs one row per key)", value, key.getNumRows(), -1);
        int nQ = query.getNumRows();
        int nK = key.getNumRows();
        int dV = value.getNumCols();
        if (mask != null) {
            mask.requireFits(op, 1, nQ, nK);
        }
        SimpleMatrix out = new SimpleMatrix(nQ, dV);
        SimpleMatrix w = new SimpleMatrix(nQ, nK);
        attend(block(query), block(key), block(value), nQ, nK, dK, dV, mask, 0, block(w), block(out));
        this.query = query;
        this.key = key;
        this.value = value;
        this.weights = w;
        return new Result(out, w.copy());
    }

    /** Gradients of Q, K and V for ∂loss/∂output of the last forward. */
    public Gradients backward(SimpleMatrix dOutput) {
        if (weights == null) {
            throw new IllegalStateException("ScaledDotProductAttention.backward: call forward first");
        }
        int nQ = query.getNumRows();
        int nK = key.getNumRows();
        int dK = query.getNumCols();
        int dV = value.getNumCols();
        Require.shape("ScaledDotProductAttention.backward", "output gradient", dOutput, nQ, dV);
        SimpleMatrix dQ = new SimpleMatrix(nQ, dK);
        SimpleMatrix dKey = new SimpleMatrix(nK, dK);
        SimpleMatrix dValue = new SimpleMatrix(nK, dV);
        attendBackward(block(query), block(key), block(value), block(weights), block(dOutput), nQ, nK, dK, dV,
                block(dQ), block(dKey), block(dValue));
        return new Gradients(dQ, dKey, dValue);
    }

    private static Block block(SimpleMatrix m) {
        return new Block(m.getDDRM().data, 0, m.getNumCols());
    }

    /**
     * Forward for one (batch item, head): fills {@code weights} (n_q × n_k) and {@code out} (n_q × d_v).
     * Mask row {@code item} is used; a null mask blocks nothing.
     */
    static void attend(Block q, Block k, Block v, int nQ, int nK, int dK, int dV,
                       AttentionMask mask, int item, Block weights, Block out) {
        double scale = 1.0 / Math.sqrt(dK);
        double[] qd = q.data();
        double[] vd = v.data();
        double[] w = weights.data();
        double[] o = out.data();
        for (int i = 0; i < nQ; i++) {
            int qRow = q.index(i, 0);
            int wRow = weights.index(i, 0);
            dotWithEveryRow(qd, qRow, k, nK, dK, w, wRow); // q_i·k_j for every key j
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nK; j++) {
                double s = mask == null || mask.allows(item, i, j) ? w[wRow + j] * scale : Double.NEGATIVE_INFINITY;
                w[wRow + j] = s;
                max = Math.max(max, s);
            }
            int oRow = out.index(i, 0);
            if (max == Double.NEGATIVE_INFINITY) { // every key blocked: weights 0, output 0, no NaN
                for (int j = 0; j < nK; j++) {
                    w[wRow + j] = 0;
                }
                for (int c = 0; c < dV; c++) {
                    o[oRow + c] = 0;
                }
                continue;
            }
            double sum = 0;
            for (int j = 0; j < nK; j++) {
                double e = Math.exp(w[wRow + j] - max); // exp(−∞) = 0 for blocked keys
                w[wRow + j] = e;
                sum += e;
            }
            for (int c = 0; c < dV; c++) {
                o[oRow + c] = 0;
            }
            for (int j = 0; j < nK; j++) {
                double a = w[wRow + j] / sum;
                w[wRow + j] = a;
                if (a != 0) {
                    int vRow = v.index(j, 0);
                    for (int c = 0; c < dV; c++) {
                        o[oRow + c] += a * vd[vRow + c];
                    }
                }
            }
        }
    }

    /**
     * into[intoStart + j] = x·r_j for the first n rows r_j of {@code rows}, where x is {@code width}
     * numbers of {@code x} from {@code xStart}. Four rows at a time, so the four sums run side by side;
     * each is still added up in column order.
     */
    private static void dotWithEveryRow(double[] x, int xStart, Block rows, int n, int width, double[] into, int intoStart) {
        double[] r = rows.data();
        int j = 0;
        for (; j + 3 < n; j += 4) {
            int r0 = rows.index(j, 0);
            int r1 = rows.index(j + 1, 0);
            int r2 = rows.index(j + 2, 0);
            int r3 = rows.index(j + 3, 0);
            double d0 = 0;
            double d1 = 0;
            double d2 = 0;
            double d3 = 0;
            for (int c = 0; c < width; c++) {
                double xc = x[xStart + c];
                d0 += xc * r[r0 + c];
                d1 += xc * r[r1 + c];
                d2 += xc * r[r2 + c];
                d3 += xc * r[r3 + c];
            }
            into[intoStart + j] = d0;
            into[intoStart + j + 1] = d1;
            into[intoStart + j + 2] = d2;
            into[intoStart + j + 3] = d3;
        }
        for (; j < n; j++) {
            int row = rows.index(j, 0);
            double d = 0;
            for (int c = 0; c < width; c++) {
                d += x[xStart + c] * r[row + c];
            }
            into[intoStart + j] = d;
        }
    }

    /** Backward for one (batch item, head): adds into dQ, dK and dV. */
    static void attendBackward(Block q, Block k, Block v, Block weights, Block dOut, int nQ, int nK, int dK, int dV,
                               Block dQ, Block dKey, Block dValue) {
        double scale = 1.0 / Math.sqrt(dK);
        double[] qd = q.data();
        double[] kd = k.data();
        double[] vd = v.data();
        double[] w = weights.data();
        double[] go = dOut.data();
        double[] gq = dQ.data();
        double[] gk = dKey.data();
        double[] gv = dValue.data();
        double[] dA = new double[nK];
        for (int i = 0; i < nQ; i++) {
            int wRow = weights.index(i, 0);
            int goRow = dOut.index(i, 0);
            dotWithEveryRow(go, goRow, v, nK, dV, dA, 0); // dA_ij = dO_i·v_j
            double weightedSum = 0;
            for (int j = 0; j < nK; j++) {
                double a = w[wRow + j];
                if (a == 0) { // a blocked key (or one the softmax rounded to 0) passes no gradient
                    dA[j] = 0;
                    continue;
                }
                int gvRow = dValue.index(j, 0);
                for (int c = 0; c < dV; c++) {
                    gv[gvRow + c] += a * go[goRow + c];
                }
                weightedSum += a * dA[j];
            }
            int qRow = q.index(i, 0);
            int gqRow = dQ.index(i, 0);
            for (int j = 0; j < nK; j++) {
                double a = w[wRow + j];
                if (a == 0) {
                    continue;
                }
                double dS = a * (dA[j] - weightedSum) * scale;
                int kRow = k.index(j, 0);
                int gkRow = dKey.index(j, 0);
                for (int c = 0; c < dK; c++) {
                    gq[gqRow + c] += dS * kd[kRow + c];
                    gk[gkRow + c] += dS * qd[qRow + c];
                }
            }
        }
    }
}
