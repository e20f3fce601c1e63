package transformer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.attention.AttentionMask;
import transformer.attention.MultiHeadAttention;
import transformer.layers.Activation;
import transformer.layers.Dropout;
import transformer.layers.Embedding;
import transformer.layers.HasParameters;
import transformer.layers.LayerNorm;
import transformer.layers.NormPlacement;
import transformer.layers.Parameter;
import transformer.layers.PositionwiseFeedForward;
import transformer.layers.Require;
import transformer.layers.SublayerConnection;
import transformer.layers.WeightInit;
import transformer.position.LearnedPositionEmbedding;
import transformer.position.PositionKind;

/**
 * GPT as nanoGPT builds it (after GPT-2): a {@link DecoderOnlyLanguageModel} with GPT-2's choices.
 * <pre>
 *   x = E[tokens] + P[positions]                       token and learned position embeddings, no √d_model
 *   x = x + attention(norm(x))    (causal)             N pre-norm blocks, exactly {@link EncoderLayer}s
 *   x = x + W_2·GELU(W_1·norm(x))
 *   logProbs = logSoftmax(norm(x)·Eᵀ)                  final layer norm; output weights tied to E
 * </pre>
 * No layer has a bias (nanoGPT's {@code bias=False}): Linear is x·W and layer norm is γ ⊙ x̂. Every
 * weight starts from N(0, 0.02²); the two projections that write into the residual stream (W_O of
 * attention and W_2 of the feed-forward network) from N(0, (0.02/√(2N))²), so that the sum of 2N
 * residual branches keeps its scale. Every token id is a real token: a GPT reads windows of running
 * text, never padded, so nothing but the causal mask is applied ({@code config.padId()} is unused).
 *
 * <p>Reads {@code targetVocabSize}, {@code dModel}, {@code heads}, {@code layers}, {@code dFF},
 * {@code dropout} and {@code maxLength} (the block size) from the config, which must say pre-norm
 * and learned positions: {@link #config(int, int, int, int, int)}.
 */
public final class GPT implements HasParameters {
    /** GPT-2's standard deviation for initial weights. */
    public static final double INIT_STD = 0.02;

    private final TransformerConfig config;
    private final Embedding embedding;
    private final LearnedPositionEmbedding positions;
    private final Dropout dropout;
    private final List<EncoderLayer> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Generator generator;
    private boolean training = true;
    private boolean forwardDone;

    /**
     * Parameters {@code embedding.table}, {@code positions.table}, {@code blocks.i.*} (attention's
     * W_Q, W_K, W_V, W_O, the feed-forward W_1, W_2, two layer-norm gains) and {@code norm.gain}.
     */
    public GPT(TransformerConfig config, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("GPT: config is null; try GPT.config(vocabSize, 128, 4, 4, 64)");
        }
        if (config.normPlacement() != NormPlacement.PRE_NORM || config.positions() != PositionKind.LEARNED) {
            throw new IllegalArgumentException("GPT: config has " + config.normPlacement() + " and "
                    + config.positions() + " positions; GPT puts the norm first and learns its positions:"
                    + " use PRE_NORM and LEARNED, e.g. GPT.config(…)");
        }
        this.config = config;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        SplittableRandom drop = root.split();
        int d = config.dModel();
        WeightInit weights = WeightInit.normal(INIT_STD);
        WeightInit residual = WeightInit.normal(INIT_STD / Math.sqrt(2.0 * config.layers()));
        embedding = new Embedding("embedding", config.targetVocabSize(), d, 1.0, weights, init);
        positions = new LearnedPositionEmbedding("positions", config.maxLength(), d, weights, init);
        dropout = new Dropout(config.dropout(), drop);
        for (int i = 0; i < config.layers(); i++) {
            String name = "blocks." + i;
            blocks.add(new EncoderLayer(
                    new MultiHeadAttention(name + ".attention", d, config.heads(), false, weights, residual, init),
                    new PositionwiseFeedForward(name + ".feedForward", d, config.dFF(), Activation.GELU, false,
                            weights, residual, init),
                    new SublayerConnection(LayerNorm.withoutBias(name + ".norm1", d), config.dropout(),
                            NormPlacement.PRE_NORM, drop),
                    new SublayerConnection(LayerNorm.withoutBias(name + ".norm2", d), config.dropout(),
                            NormPlacement.PRE_NORM, drop)));
        }
        finalNorm = LayerNorm.withoutBias("norm", d);
        generator = Generator.tiedTo(embedding);
    }

    /**
     * A GPT config: d_ff = 4·d_model, dropout 0, pre-norm, learned positions; {@code blockSize} is
     * the longest context. nanoGPT's CPU recipe for Shakespeare is {@code config(65, 128, 4, 4, 64)}.
     */
    public static TransformerConfig config(int vocabularySize, int dModel, int heads, int layers, int blockSize) {
        return new TransformerConfig(vocabularySize, vocabularySize, dModel, heads, layers, 4 * dModel, 0.0,
                blockSize, NormPlacement.PRE_NORM, PositionKind.LEARNED, 0);
    }

    /** B rows of n ≤ maxLength token ids → (B·n) × vocab log-probabilities; row b·n + i predicts tokens[b][i+1]. */
    public SimpleMatrix forward(int[][] tokens) {
        String op = "GPT.forward";
        int n = Require.tokens(op, "tokens", tokens, config.targetVocabSize());
        if (n > config.maxLength()) {
            throw new IllegalArgumentException(op + ": tokens have length " + n + " but the block size (maxLength) is "
                    + config.maxLength() + "; keep the last " + config.maxLength() + " tokens");
        }
        SimpleMatrix x = dropout.forward(positions.forward(embedding.forward(tokens), n));
        AttentionMask mask = AttentionMask.causal(n);
        for (EncoderLayer block : blocks) {
            x = block.forward(x, tokens.length, mask);
        }
        forwardDone = true;
        return generator.forward(finalNorm.forward(x));
    }

    /** Backpropagates ∂loss/∂logProbs into every parameter's gradient (E gets both of its uses). */
    public void backward(SimpleMatrix dLogProbs) {
        if (!forwardDone) {
            throw new IllegalStateException("GPT.backward: call forward first");
        }
        SimpleMatrix d = finalNorm.backward(generator.backward(dLogProbs));
        for (int i = blocks.size() - 1; i >= 0; i--) {
            d = blocks.get(i).backward(d);
        }
        embedding.backward(positions.backward(dropout.backward(d)));
    }

    /**
     * Continues {@code prompt} by {@code count} sampled tokens, as nanoGPT's {@code generate}: the
     * context is cut to the last maxLength tokens, the last position's scores are divided by
     * {@code temperature} (below 1: surer, above 1: more surprising), all but the {@code topK} most
     * likely tokens are dropped (0 keeps all), and the next token is drawn from the softmax of the
     * rest. Returns the new tokens only. The model is left in evaluation mode.
     */
    public int[] generate(int[] prompt, int count, double temperature, int topK, SplittableRandom random) {
        String op = "GPT.generate";
        if (prompt == null || prompt.length == 0 || count < 0 || !(temperature > 0) || Double.isInfinite(temperature)
                || topK < 0 || random == null) {
            throw new IllegalArgumentException(op + ": got a prompt of " + (prompt == null ? "no" : prompt.length)
                    + " tokens, count " + count + ", temperature " + temperature + ", top-k " + topK + ", random "
                    + random + "; expected at least one token, count ≥ 0, temperature > 0, topK ≥ 0 (0 = all)"
                    + " and a seeded SplittableRandom");
        }
        setTraining(false);
        int v = config.targetVocabSize();
        int[] text = java.util.Arrays.copyOf(prompt, prompt.length + count);
        for (int t = prompt.length; t < text.length; t++) {
            int from = Math.max(0, t - config.maxLength());
            SimpleMatrix logProbs = forward(new int[][] {java.util.Arrays.copyOfRange(text, from, t)});
            double[] scores = new double[v];
            int last = logProbs.getNumRows() - 1;
            for (int c = 0; c < v; c++) {
                scores[c] = logProbs.get(last, c) / temperature;
            }
            text[t] = sample(scores, topK, random);
        }
        return java.util.Arrays.copyOfRange(text, prompt.length, text.length);
    }

    /** Draws an index from softmax(scores) restricted to the topK largest scores (ties at the cut are kept). */
    static int sample(double[] scores, int topK, SplittableRandom random) {
        double cut = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < scores.length) {
            double[] sorted = scores.clone();
            java.util.Arrays.sort(sorted);
            cut = sorted[sorted.length - topK];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] weights = new double[scores.length];
        double total = 0;
        for (int c = 0; c < scores.length; c++) {
            weights[c] = scores[c] >= cut ? Math.exp(scores[c] - max) : 0;
            total += weights[c];
        }
        double u = random.nextDouble() * total;
        int last = 0;
        for (int c = 0; c < scores.length; c++) {
            if (weights[c] > 0) {
                last = c;
                u -= weights[c];
                if (u < 0) {
                    return c;
                }
            }
        }
        return last; // rounding left a sliver: the last candidate
    }

    public TransformerConfig config() { return config; }

    /** The token embedding, whose table the output layer shares. */
    public Embedding embedding() { return embedding; }

    public List<EncoderLayer> blocks() { return List.copyOf(blocks); }

    public void setTraining(boolean training) {
        this.training = training;
        dropout.setTraining(training);
        for (EncoderLayer block : blocks) {
            block.setTraining(training);
        }
    }

    public boolean isTraining() { return training; }

    /** Causal self-attention weights of the last forward, [layer][head], each n × n. */
    public List<List<SimpleMatrix>> selfAttention(int batchItem) {
        List<List<SimpleMatrix>> all = new ArrayList<>();
        for (EncoderLayer block : blocks) {
            all.add(block.selfAttention().weights(batchItem));
        }
        return all;
    }

    /** Every parameter once: the tied output layer adds none of its own. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(positions.parameters());
        for (EncoderLayer block : blocks) {
            all.addAll(block.parameters());
        }
        all.addAll(finalNorm.parameters());
        return all;
    }
}
