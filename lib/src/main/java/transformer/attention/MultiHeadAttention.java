package transformer.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.compute.Threads;
import transformer.layers.HasParameters;
import transformer.layers.Linear;
import transformer.layers.Parameter;
import transformer.layers.Require;
import transformer.layers.WeightInit;

/**
 * Multi-head attention: MultiHead(X_q, X_kv) = Concat(head_1, …, head_h)·W_O + b_O, where
 * head_i = Attention(Q_i, K_i, V_i) and Q = X_q·W_Q + b_Q, K = X_kv·W_K + b_K, V = X_kv·W_V + b_V.
 *
 * <p>All four W are d_model × d_model. The heads split the <em>feature</em> axis: head i owns
 * columns i·d_k … i·d_k + d_k − 1 of Q, K and V, with d_k = d_model / h. Every head sees every
 * position; each attends in its own learned d_k-dimensional subspace. So h heads cost the same
 * parameters as one head of width d_model: 4·d_model² + 4·d_model.
 *
 * <p>Self-attention passes the same X as both inputs; cross-attention takes queries from one
 * sequence (the decoder) and keys and values from another (the encoder's memory). Batches are
 * stacked: (B·n_q) × d_model queries and (B·n_k) × d_model keys/values. The last forward's weights
 * are kept for heat maps: {@link #weights(int)}.
 */
public final class MultiHeadAttention implements HasParameters {
    private final Linear queryProjection;
    private final Linear keyProjection;
    private final Linear valueProjection;
    private final Linear outputProjection;
    private final int heads;
    private final String name;

    // cached by forward for backward and for plots
    private SimpleMatrix q;
    private SimpleMatrix k;
    private SimpleMatrix v;
    private double[] weights; // per batch item, head, query, key: index ((b·h + head)·n_q + i)·n_k + j
    private AttentionMask mask;
    private int batchSize;
    private int queryLength;
    private int keyLength;

    /** Parameters {@code name + ".W_Q"}, {@code ".b_Q"}, … {@code ".W_O"}, {@code ".b_O"}. */
    public MultiHeadAttention(String name, int dModel, int heads, SplittableRandom random) {
        Require.positive("MultiHeadAttention " + name, "d_model", dModel);
        Require.positive("MultiHeadAttention " + name, "number of heads", heads);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention " + name + ": d_model " + dModel
                    + " is not divisible by " + heads + " heads; d_model must equal heads * d_k");
        }
        this.name = name;
        this.heads = heads;
        this.queryProjection = new Linear(name + ".query", name + ".W_Q", name + ".b_Q", dModel, dModel, random);
        this.keyProjection = new Linear(name + ".key", name + ".W_K", name + ".b_K", dModel, dModel, random);
        this.valueProjection = new Linear(name + ".value", name + ".W_V", name + ".b_V", dModel, dModel, random);
        this.outputProjection = new Linear(name + ".output", name + ".W_O", name + ".b_O", dModel, dModel, random);
    }

    /**
     * Attention with or without the four biases (GPT-2-style models without biases have only W_Q,
     * W_K, W_V, W_O); W_Q, W_K and W_V start from {@code init}, W_O (which writes into the residual
     * stream) from {@code outputInit}.
     */
    public MultiHeadAttention(String name, int dModel, int heads, boolean bias, WeightInit init,
                              WeightInit outputInit, SplittableRandom random) {
        Require.positive("MultiHeadAttention " + name, "d_model", dModel);
        Require.positive("MultiHeadAttention " + name, "number of heads", heads);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention " + name + ": d_model " + dModel
                    + " is not divisible by " + heads + " heads; d_model must equal heads * d_k");
        }
        this.name = name;
        this.heads = heads;
        this.queryProjection = new Linear(name + ".query", name + ".W_Q", bias ? name + ".b_Q" : null, dModel, dModel,
                init, random);
        this.keyProjection = new Linear(name + ".key", name + ".W_K", bias ? name + ".b_K" : null, dModel, dModel,
                init, random);
        this.valueProjection = new Linear(name + ".value", name + ".W_V", bias ? name + ".b_V" : null, dModel, dModel,
                init, random);
        this.outputProjection = new Linear(name + ".output", name + ".W_O", bias ? name + ".b_O" : null, dModel, dModel,
                outputInit, random);
    }

    public int dModel() { return queryProjection.dIn(); }

    public int heads() { return heads; }

    /** Width of each head: d_model / h. */
    public int dK() { return dModel() / heads; }

    /** Self-attention over one sequence (n × d_model), nothing masked. */
    public SimpleMatrix forward(SimpleMatrix x) {
        return forward(x, x, 1, null);
    }

    /** One sequence: queries from {@code queryInput} (n_q × d_model), keys and values from {@code keyValueInput}. */
    public SimpleMatrix forward(SimpleMatrix queryInput, SimpleMatrix keyValueInput, AttentionMask mask) {
        return forward(queryInput, keyValueInput, 1, mask);
    }

    /**
     * A batch: {@code queryInput} is (B·n_q) × d_model, {@code keyValueInput} is (B·n_k) × d_model,
     * the mask has batch size B (or 1) and n_q × n_k grids; {@code null} blocks nothing.
     * Returns (B·n_q) × d_model.
     */
    public SimpleMatrix forward(SimpleMatrix queryInput, SimpleMatrix keyValueInput, int batchSize, AttentionMask mask) {
        String op = "MultiHeadAttention.forward (" + name + ")";
        int d = dModel();
        Require.activations(op, "query input", queryInput, -1, d);
        Require.activations(op, "key/value input", keyValueInput, -1, d);
        int nQ = Require.sequenceLength(op, "query input", queryInput, batchSize);
        int nK = Require.sequenceLength(op, "key/value input", keyValueInput, batchSize);
        if (mask != null) {
            mask.requireFits(op, batchSize, nQ, nK);
        }
        q = queryProjection.forward(queryInput);
        k = keyProjection.forward(keyValueInput);
        v = valueProjection.forward(keyValueInput);
        this.mask = mask;
        this.batchSize = batchSize;
        this.queryLength = nQ;
        this.keyLength = nK;

        int dK = dK();
        weights = new double[batchSize * heads * nQ * nK];
        SimpleMatrix concat = new SimpleMatrix(batchSize * nQ, d);
        Threads.forEach(batchSize * heads, bh -> { // every (batch item, head) writes only its own blocks
            int b = bh / heads;
            int h = bh % heads;
            ScaledDotProductAttention.attend(
                    headBlock(q, b, nQ, h), headBlock(k, b, nK, h), headBlock(v, b, nK, h), nQ, nK, dK, dK,
                    mask, b, weightBlock(b, h), headBlock(concat, b, nQ, h));
        });
        return outputProjection.forward(concat);
    }

    /** ∂loss/∂(query input) and ∂loss/∂(key/value input); for self-attention, add them: {@link InputGradients#sum()}. */
    public record InputGradients(SimpleMatrix dQueryInput, SimpleMatrix dKeyValueInput) {
        /** The gradient of the one input of self-attention, which fed queries, keys and values. */
        public SimpleMatrix sum() {
            if (dQueryInput.getNumRows() != dKeyValueInput.getNumRows()) {
                throw new IllegalArgumentException("MultiHeadAttention.InputGradients.sum: query gradient has "
                        + dQueryInput.getNumRows() + " rows but key/value gradient has " + dKeyValueInput.getNumRows()
                        + "; only self-attention (one shared input) can add them");
            }
            return dQueryInput.plus(dKeyValueInput);
        }
    }

    /** Adds into every parameter's gradient; returns the gradients of both inputs. */
    public InputGradients backward(SimpleMatrix dOut) {
        if (weights == null) {
            throw new IllegalStateException("MultiHeadAttention.backward (" + name + "): call forward first");
        }
        int d = dModel();
        int dK = dK();
        Require.shape("MultiHeadAttention.backward (" + name + ")", "output gradient", dOut, batchSize * queryLength, d);
        SimpleMatrix dConcat = outputProjection.backward(dOut);
        SimpleMatrix dQ = new SimpleMatrix(batchSize * queryLength, d);
        SimpleMatrix dKey = new SimpleMatrix(batchSize * keyLength, d);
        SimpleMatrix dValue = new SimpleMatrix(batchSize * keyLength, d);
        Threads.forEach(batchSize * heads, bh -> {
            int b = bh / heads;
            int h = bh % heads;
            ScaledDotProductAttention.attendBackward(
                    headBlock(q, b, queryLength, h), headBlock(k, b, keyLength, h), headBlock(v, b, keyLength, h),
                    weightBlock(b, h), headBlock(dConcat, b, queryLength, h), queryLength, keyLength, dK, dK,
                    headBlock(dQ, b, queryLength, h), headBlock(dKey, b, keyLength, h),
                    headBlock(dValue, b, keyLength, h));
        });
        SimpleMatrix dQueryInput = queryProjection.backward(dQ);
        SimpleMatrix dKeyValueInput = keyProjection.backward(dKey);
        addInPlace(dKeyValueInput, valueProjection.backward(dValue));
        return new InputGradients(dQueryInput, dKeyValueInput);
    }

    /** The last forward's attention weights of one batch item: one n_q × n_k matrix per head. */
    public List<SimpleMatrix> weights(int batchItem) {
        List<SimpleMatrix> perHead = new ArrayList<>(heads);
        for (int h = 0; h < heads; h++) {
            perHead.add(weights(batchItem, h));
        }
        return perHead;
    }

    /** The last forward's n_q × n_k attention weights of one head for one batch item. */
    public SimpleMatrix weights(int batchItem, int head) {
        if (weights == null) {
            throw new IllegalStateException("MultiHeadAttention.weights (" + name + "): call forward first");
        }
        if (batchItem < 0 || batchItem >= batchSize || head < 0 || head >= heads) {
            throw new IllegalArgumentException("MultiHeadAttention.weights (" + name + "): batch item " + batchItem
                    + ", head " + head + " does not exist; the last forward had batch size " + batchSize
                    + " and " + heads + " heads");
        }
        SimpleMatrix m = new SimpleMatrix(queryLength, keyLength);
        System.arraycopy(weights, (batchItem * heads + head) * queryLength * keyLength, m.getDDRM().data, 0,
                queryLength * keyLength);
        return m;
    }

    /** The mask used by the last forward ({@code null} if nothing was blocked). */
    public AttentionMask lastMask() { return mask; }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(8);
        all.addAll(queryProjection.parameters());
        all.addAll(keyProjection.parameters());
        all.addAll(valueProjection.parameters());
        all.addAll(outputProjection.parameters());
        return all;
    }

    /** Head h of batch item b inside a stacked (B·n) × d_model matrix: rows b·n…, columns h·d_k…. */
    private Block headBlock(SimpleMatrix stacked, int b, int n, int h) {
        int d = stacked.getNumCols();
        return new Block(stacked.getDDRM().data, b * n * d + h * dK(), d);
    }

    private Block weightBlock(int b, int h) {
        return new Block(weights, (b * heads + h) * queryLength * keyLength, keyLength);
    }

    private static void addInPlace(SimpleMatrix target, SimpleMatrix other) {
        double[] t = target.getDDRM().data;
        double[] o = other.getDDRM().data;
        for (int i = 0; i < t.length && i < target.getNumElements(); i++) {
            t[i] += o[i];
        }
    }
}
