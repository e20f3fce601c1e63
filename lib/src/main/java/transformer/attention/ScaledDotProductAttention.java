package transformer.attention;

import org.ejml.simple.SimpleMatrix;
import transformer.compute.Gemm;
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
     * Mask row {@code item} is used; a null mask blocks nothing. The two products, Q·Kᵀ and A·V, run
     * in the kit's matrix kernel, reading the head in place.
     */
    static void attend(Block q, Block k, Block v, int nQ, int nK, int dK, int dV,
                       AttentionMask mask, int item, Block weights, Block out) {
        double scale = 1.0 / Math.sqrt(dK);
        double[] w = weights.data();
        double[] o = out.data();
        for (int i = 0; i < nQ; i++) {
            java.util.Arrays.fill(w, weights.index(i, 0), weights.index(i, nK), 0.0);
            java.util.Arrays.fill(o, out.index(i, 0), out.index(i, dV), 0.0);
        }
        // w_ij = q_i·k_j for every query i and key j (Kᵀ read down the rows of K)
        Gemm.addProduct(nQ, dK, nK, q.data(), q.offset(), q.stride(), 1, k.data(), k.offset(), 1, k.stride(),
                w, weights.offset(), weights.stride());
        for (int i = 0; i < nQ; i++) {
            int wRow = weights.index(i, 0);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nK; j++) {
                double s = mask == null || mask.allows(item, i, j) ? w[wRow + j] * scale : Double.NEGATIVE_INFINITY;
                w[wRow + j] = s;
                max = Math.max(max, s);
            }
            if (max == Double.NEGATIVE_INFINITY) { // every key blocked: weights 0, output 0, no NaN
                java.util.Arrays.fill(w, wRow, wRow + nK, 0.0);
                continue;
            }
            double sum = 0;
            for (int j = 0; j < nK; j++) {
                double e = Math.exp(w[wRow + j] - max); // exp(−∞) = 0 for blocked keys
                w[wRow + j] = e;
                sum += e;
            }
            for (int j = 0; j < nK; j++) {
                w[wRow + j] = w[wRow + j] / sum;
            }
        }
        // output row i = Σ_j a_ij·v_j
        Gemm.addProduct(nQ, nK, dV, w, weights.offset(), weights.stride(), 1, v.data(), v.offset(), v.stride(), 1,
                o, out.offset(), out.stride());
    }

    /** Backward for one (batch item, head): adds into dQ, dK and dV. */
    static void attendBackward(Block q, Block k, Block v, Block weights, Block dOut, int nQ, int nK, int dK, int dV,
                               Block dQ, Block dKey, Block dValue) {
        double scale = 1.0 / Math.sqrt(dK);
        double[] w = weights.data();
        double[] go = dOut.data();
        double[] dS = new double[nQ * nK]; // first dA = dO·Vᵀ, then, row by row, the score gradients
        Gemm.addProduct(nQ, dV, nK, go, dOut.offset(), dOut.stride(), 1, v.data(), v.offset(), 1, v.stride(),
                dS, 0, nK);
        // dV += Aᵀ·dO
        Gemm.addProduct(nK, nQ, dV, w, weights.offset(), 1, weights.stride(), go, dOut.offset(), dOut.stride(), 1,
                dValue.data(), dValue.offset(), dValue.stride());
        for (int i = 0; i < nQ; i++) {
            int wRow = weights.index(i, 0);
            int row = i * nK;
            double weightedSum = 0;
            for (int j = 0; j < nK; j++) {
                double a = w[wRow + j];
                if (a != 0) { // a blocked key (or one the softmax rounded to 0) passes no gradient
                    weightedSum += a * dS[row + j];
                }
            }
            for (int j = 0; j < nK; j++) {
                double a = w[wRow + j];
                dS[row + j] = a == 0 ? 0 : a * (dS[row + j] - weightedSum) * scale;
            }
        }
        // dQ += dS·K and dK += dSᵀ·Q
        Gemm.addProduct(nQ, nK, dK, dS, 0, nK, 1, k.data(), k.offset(), k.stride(), 1,
                dQ.data(), dQ.offset(), dQ.stride());
        Gemm.addProduct(nK, nQ, dK, dS, 0, 1, nK, q.data(), q.offset(), q.stride(), 1,
                dKey.data(), dKey.offset(), dKey.stride());
    }
}
